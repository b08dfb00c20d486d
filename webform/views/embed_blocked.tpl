% rebase('base.tpl', title=title, static=static, description=description, robots=robots, body_class=body_class)
<section class="card message" id="abrir-aparte">
  <h1>Solicitudes de soporte al Centro de Cómputo</h1>
  <p>{{text}}</p>
  <p><a class="button primary" id="abrir-pestana" href="{{target}}" target="_blank" rel="noopener">Abrir el formulario en una pestaña nueva</a></p>
</section>
