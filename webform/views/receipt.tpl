% rebase('base.tpl', title=title, static=static)
<section class="card receipt" aria-labelledby="recibo-titulo">
  <p class="print-only inst-print">Tecnológico Nacional de México · Instituto Tecnológico de León · Centro de Cómputo</p>
  <h1 id="recibo-titulo">Solicitud registrada</h1>
  <p class="notice"><strong>Guarde su folio y su código de acceso.</strong> No enviamos correos: sin estos dos datos no podrá consultar su solicitud. Imprima este comprobante, tómele una foto o anótelos.</p>
  <div class="codes">
    <div class="code-box">
      <p class="code-label" id="lbl-folio">Folio</p>
      <p class="code-value" id="folio" aria-labelledby="lbl-folio">{{folio}}</p>
    </div>
    <div class="code-box">
      <p class="code-label" id="lbl-codigo">Código de acceso</p>
      <p class="code-value mono" id="codigo" aria-labelledby="lbl-codigo">{{code}}</p>
    </div>
  </div>
  <div class="qr-block">
    <div class="qr" role="img" aria-label="Código QR para consultar el estado de la solicitud">{{!qr}}</div>
    <div>
      <p>Para ver el avance, escanee el código QR o entre a <a href="/consulta?folio={{folio}}" id="liga-consulta">Consultar una solicitud</a> y escriba su folio y su código.</p>
      <p class="url small">{{status_url.split('#')[0]}}</p>
    </div>
  </div>
  <div class="actions no-print">
    <button type="button" class="button primary js-only" id="imprimir">Imprimir comprobante</button>
    <a class="button" href="/consulta?folio={{folio}}">Consultar el estado</a>
    <a class="button" href="/">Nueva solicitud</a>
  </div>
</section>
