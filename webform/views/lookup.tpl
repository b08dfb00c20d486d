% rebase('base.tpl', title=title, static=static, description=description, robots=robots, body_class=body_class)
<h1>Consultar una solicitud</h1>
<p class="lead">Escriba el folio y el código de acceso que recibió al enviar su solicitud.</p>
% if error:
<div class="error-summary" id="resumen-errores" role="alert" tabindex="-1" autofocus>
  <h2>No se pudo consultar</h2>
  <p>{{error}}</p>
</div>
% end
<form id="consulta" class="card lookup-form" method="post" action="{{prefix}}/consulta" novalidate>
  <input type="hidden" name="csrf_token" value="{{csrf}}">
  <div class="field">
    <label for="f-folio">Folio</label>
    <input type="text" id="f-folio" name="folio" value="{{folio}}" autocomplete="off" autocapitalize="characters" maxlength="20" placeholder="CC-2026-000123"{{!' aria-invalid="true" aria-describedby="resumen-errores"' if code_error else ''}}{{!' autofocus' if not folio and not error else ''}}>
  </div>
  <div class="field">
    <label for="f-access_code">Código de acceso</label>
    <input type="text" id="f-access_code" name="access_code" value="" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="40" class="mono"{{!' aria-invalid="true" aria-describedby="resumen-errores"' if code_error else ''}}{{!' autofocus' if folio and not error else ''}}>
  </div>
  <div class="actions">
    <button type="submit" class="button primary">Consultar</button>
  </div>
</form>
<p class="card small" id="codigo-perdido"><strong>¿Perdió su código de acceso?</strong> No lo enviamos por correo: acuda al Centro de Cómputo con su folio y le darán un código nuevo.</p>
