<!doctype html>
<html lang="es-MX"{{!(' data-portal="' + ' '.join(portal_origins) + '"') if embedded and portal_origins else ''}}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{title}} · Centro de Cómputo ITL</title>
<meta name="description" content="{{description}}">
% if robots:
<meta name="robots" content="{{robots}}">
% end
<link rel="icon" href="{{static('favicon.svg')}}" type="image/svg+xml">
<link rel="stylesheet" href="{{static('style.css')}}">
<script src="{{static('app.js')}}" defer></script>
</head>
% classes = ' '.join(c for c in (body_class, 'embedded' if embedded else '') if c)
<body{{!(' class="' + classes + '"') if classes else ''}}>
% if embedded:
% blocked = get('blocked', False)
<main id="contenido" class="wrap" tabindex="-1">
% if not blocked:
<nav class="embed-nav" aria-label="Solicitudes de soporte">
  <ul>
    <li><a href="{{prefix}}/">Nueva solicitud</a></li>
    <li><a href="{{prefix}}/consulta">Consultar una solicitud</a></li>
  </ul>
</nav>
% end
{{!base}}
%# The frame of a portal on another site: the browser keeps no cookie here, so no form could be
%# sent. pages.py shows this block alone when the request says so; static/app.js when a test cookie fails.
<section class="card message" id="abrir-aparte"{{'' if blocked else ' hidden'}}>
  <p>{{msg('web_embed_cross_site')}}</p>
  <p><a class="button primary" id="abrir-pestana" href="{{unframed}}" target="_blank" rel="noopener">Abrir el formulario en una pestaña nueva</a></p>
</section>
</main>
% else:
<a class="skip" href="#contenido">Saltar al contenido</a>
<header class="site">
  <div class="wrap">
    <p class="inst"><abbr title="Tecnológico Nacional de México">TecNM</abbr> · Instituto Tecnológico de León (ITL)</p>
    <p class="app"><a href="{{prefix}}/">Centro de Cómputo</a> <span>Solicitudes de soporte</span></p>
    <nav aria-label="Principal">
      <ul>
        <li><a href="{{prefix}}/">Nueva solicitud</a></li>
        <li><a href="{{prefix}}/consulta">Consultar una solicitud</a></li>
      </ul>
    </nav>
  </div>
</header>
<main id="contenido" class="wrap" tabindex="-1">
{{!base}}
</main>
<footer class="site">
  <div class="wrap">
    <p>Centro de Cómputo del Instituto Tecnológico de León · centrodecomputo@leon.tecnm.mx · conmutador 477 710 5200, ext. 1802</p>
  </div>
</footer>
% end
</body>
</html>
