% rebase('base.tpl', title=title, static=static, description=description, robots=robots, body_class=body_class)
<h1>Solicitudes de soporte al Centro de Cómputo</h1>
