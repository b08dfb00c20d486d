% rebase('base.tpl', title=title, static=static, description=description, robots=robots, body_class=body_class)
<section class="card receipt" aria-labelledby="recibo-titulo">
  <p class="print-only inst-print">Tecnológico Nacional de México · Instituto Tecnológico de León · Centro de Cómputo</p>
  <h1 id="recibo-titulo">{{'Comprobante de solicitud' if printable else 'Solicitud registrada'}}</h1>
  <p class="notice"><strong>Guarde su folio y su código de acceso.</strong> No enviamos correos: sin estos dos datos no podrá consultar su solicitud. Imprima este comprobante, tómele una foto o anótelos.</p>
  % if joined == 'unida':
  <p class="notice-ok" id="falla-unida">Su solicitud quedó unida a la falla conocida: al consultarla verá los avisos del Centro de Cómputo sobre esta falla.</p>
  % elif joined == 'no':
  <p class="notice" id="falla-unida">{{not_joined}}</p>
  % end
  <dl class="codes">
    <div class="code-box">
      <dt class="code-label">Folio</dt>
      <dd class="code-value" id="folio">{{folio}}</dd>
    </div>
    <div class="code-box">
      <dt class="code-label">Código de acceso</dt>
      <dd class="code-value mono" id="codigo">{{code}}</dd>
    </div>
  </dl>
  <div class="qr-block">
    <div class="qr" role="img" aria-label="Código QR para consultar el estado de la solicitud">{{!qr}}</div>
    <div>
      <p>Para ver el avance, escanee el código QR o entre a <a href="{{prefix}}/consulta?folio={{folio}}" id="liga-consulta">Consultar una solicitud</a> y escriba su folio y su código.</p>
      <p class="url small">{{status_url.split('#')[0]}}</p>
    </div>
  </div>
  % if printable:
  <div class="actions no-print">
    <button type="button" class="button primary js-only" id="imprimir-ahora">Imprimir</button>
    <a class="button" href="{{prefix}}/solicitudes/{{folio}}">Volver al comprobante</a>
  </div>
  <p class="no-print small">Use la opción Imprimir de su navegador (Ctrl+P) para imprimir esta página.</p>
  % else:
  <div class="actions no-print">
    <a class="button primary" id="imprimir" href="{{prefix}}/solicitudes/{{folio}}/imprimir"{{!' target="_blank" rel="noopener"' if embedded else ''}}>Imprimir comprobante</a>
    <a class="button" href="{{prefix}}/consulta?folio={{folio}}">Consultar el estado</a>
    <a class="button" href="{{prefix}}/">Nueva solicitud</a>
  </div>
  <form class="forget no-print" method="post" action="{{prefix}}/solicitudes/{{folio}}/borrar">
    <input type="hidden" name="csrf_token" value="{{csrf}}">
    <p class="small">Si usa una computadora compartida, borre estos datos al terminar. Este navegador los muestra como máximo {{minutes}} minutos.</p>
    <button type="submit" class="button" id="borrar">Terminé: borrar de este equipo</button>
  </form>
  % end
</section>
