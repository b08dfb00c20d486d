% rebase('base.tpl', title=title, static=static, description=description, robots=robots, body_class=body_class)
<section class="card status" aria-labelledby="estado-titulo">
  <h1 id="estado-titulo">Solicitud <span class="nowrap">{{t['folio']}}</span></h1>
  <p class="status-line">Estado: <strong class="badge status-{{t['status_code']}}" id="estado">{{t['status_name']}}</strong></p>
  <dl class="facts">
    <div><dt>Recibida</dt><dd>{{local_time(t['created_at'])}}</dd></div>
    <div><dt>Última actualización</dt><dd>{{local_time(t['updated_at'])}}</dd></div>
    <div><dt>Área asignada</dt><dd id="area">{{t['assigned_area'] or 'Aún sin asignar'}}</dd></div>
    <div><dt>Tipo de problema</dt><dd>{{t['category_name'] or ''}}</dd></div>
    <div><dt>Lugar</dt><dd>{{t['campus_name'] or ''}}{{(' · ' + t['location_name']) if t['location_name'] else ''}}</dd></div>
    <div><dt>Prioridad</dt><dd>{{t['priority_name'] or ''}}</dd></div>
  </dl>
</section>
<section class="card history" aria-labelledby="historial-titulo">
  <h2 id="historial-titulo">Respuestas e historial</h2>
  % if events:
  <ol class="timeline">
    % for e in events:
    <li class="event event-{{e['event_type']}}">
      <p class="event-head"><strong>{{labels.get(e['event_type'], e['event_type'])}}</strong>
        <time>{{local_time(e['occurred_at'])}}</time></p>
      % if e.get('status_name') and e['event_type'] in ('estado', 'creado'):
      <p class="event-status">Estado: {{e['status_name']}}</p>
      % end
      % if e.get('body'):
      <p class="event-body">{{e['body']}}</p>
      % end
    </li>
    % end
  </ol>
  % else:
  <p>Todavía no hay movimientos públicos.</p>
  % end
  <p class="no-print"><a class="button" href="/consulta">Consultar otra solicitud</a></p>
</section>
