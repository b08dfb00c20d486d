% rebase('base.tpl', title=title, static=static, description=description, robots=robots, body_class=body_class)
% folio = t['folio']
% if state.has_errors:
<div class="error-summary" id="resumen-errores" role="alert" tabindex="-1" aria-labelledby="resumen-titulo" autofocus>
  <h2 id="resumen-titulo">No se pudo completar</h2>
  <ul>
  % for text in state.general:
    <li>{{text}}</li>
  % end
  % for name, texts in state.errors.items():
    % for text in texts:
    <li><a href="#f-{{name}}">{{text}}</a></li>
    % end
  % end
  </ul>
</div>
% end
% if done:
<p class="notice-ok" role="status" id="aviso">{{done}}</p>
% end
<section class="card status" aria-labelledby="estado-titulo">
  <h1 id="estado-titulo">Solicitud <span class="nowrap">{{folio}}</span></h1>
  <p class="status-line">Estado: <strong class="badge status-{{t['status_code']}}" id="estado">{{t['status_name']}}</strong></p>
  <dl class="facts">
    <div><dt>Recibida</dt><dd>{{local_time(t['created_at'])}}</dd></div>
    <div><dt>Última actualización</dt><dd>{{local_time(t['updated_at'])}}</dd></div>
    <div><dt>Área asignada</dt><dd id="area">{{t['assigned_area'] or 'Aún sin asignar'}}</dd></div>
    <div><dt>Prioridad</dt><dd>{{t['priority_name'] or ''}}</dd></div>
  </dl>
  % todo = []
  % if t['status_code'] == 'en_espera' and d.get('can_reply'):
  %   todo.append(('#responder', 'El Centro de Cómputo espera su respuesta: conteste con «Responder o agregar información».'))
  % end
  % if d.get('can_confirm') or d.get('can_reopen'):
  %   todo.append(('#resolver', 'Confirme si quedó resuelto, o díganos qué sigue fallando.'))
  % end
  % if d.get('can_rate'):
  %   todo.append(('#calificar', 'Califique la atención (de 1 a 5).'))
  % end
  % if todo:
  <div class="notice action" id="pendiente">
    <p><strong>Esta solicitud espera algo de usted{{':' if len(todo) > 1 else '.'}}</strong></p>
    <ul>
      % for anchor, text in todo:
      <li><a href="{{anchor}}">{{text}}</a></li>
      % end
    </ul>
  </div>
  % end
</section>
% if incident:
<section class="card known-failure" aria-labelledby="falla-titulo" id="falla-conocida">
  % if incident['status'] == 'resuelto':
  <h2 id="falla-titulo">Falla conocida, ya resuelta: {{incident['place']}}</h2>
  % elif incident['notice']:
  <h2 id="falla-titulo">{{incident['notice']['heading']}}</h2>
  <p>{{incident['notice']['body']}} {{incident['notice']['attending']}}</p>
  % else:
  <h2 id="falla-titulo">Falla conocida en {{incident['place']}}</h2>
  <p>El Centro de Cómputo la atiende.</p>
  % end
  <p class="small">Su solicitud está unida a esta falla, que otras personas también reportaron{{(': ' + str(incident['count']) + ' en total') if incident['count'] else ''}}.</p>
  % if incident['replies']:
  <h3>Avisos del Centro de Cómputo sobre esta falla</h3>
  <ol class="timeline" id="falla-avisos">
    % for r in incident['replies']:
    <li class="event event-respuesta">
      <p class="event-head"><strong>Aviso del Centro de Cómputo</strong> <time>{{local_time(r['occurred_at'])}}</time></p>
      <p class="event-body prewrap">{{r['body']}}</p>
    </li>
    % end
  </ol>
  % end
</section>
% end

% if d:
% if d.get('can_confirm') or d.get('can_reopen') or t['status_code'] == 'resuelto':
<section class="card resolve" aria-labelledby="resuelto-titulo" id="resolver">
  <h2 id="resuelto-titulo">¿Quedó resuelto su problema?</h2>
  % if d.get('can_confirm'):
  <form method="post" action="{{prefix}}/consulta/{{folio}}/confirmar" class="inline-form">
    <input type="hidden" name="csrf_token" value="{{csrf}}">
    <button type="submit" class="button primary" id="f-confirmar">Sí, quedó resuelto</button>
    {{!state.field_error('confirmar')}}
  </form>
  % end
  % if d.get('can_reopen') or 'motivo' in state.errors:
  <form method="post" action="{{prefix}}/consulta/{{folio}}/reabrir" class="reopen-form">
    <input type="hidden" name="csrf_token" value="{{csrf}}">
    <input type="hidden" name="idempotency_key" value="{{idem}}">
    <div class="field">
      <label for="f-motivo">No está resuelto: explique qué sigue fallando</label>
      <textarea id="f-motivo" name="motivo" rows="3" {{!rules.attrs('reply_body')}}{{!state.aria('motivo', True)}}>{{v.get('motivo', '')}}</textarea>
      % if d.get('reopen_until'):
      <p class="hint" id="hint-motivo">Puede reabrirla hasta el {{local_time(d['reopen_until'])}}.</p>
      % else:
      <p class="hint" id="hint-motivo">La solicitud vuelve a «En proceso».</p>
      % end
      {{!state.field_error('motivo')}}
    </div>
    <button type="submit" class="button" id="reabrir">No está resuelto</button>
  </form>
  % elif t['status_code'] == 'resuelto':
  <p>Ya pasó el plazo para reabrir esta solicitud. Si el problema sigue, envíe una <a href="{{prefix}}/">nueva solicitud</a> y mencione el folio {{folio}}.</p>
  % end
</section>
% end

% if d.get('can_rate') or 'calificacion' in state.errors:
<section class="card rate" aria-labelledby="calificar-titulo" id="calificar">
  <h2 id="calificar-titulo">Califique la atención</h2>
  <form method="post" action="{{prefix}}/consulta/{{folio}}/calificar" class="rate-form">
    <input type="hidden" name="csrf_token" value="{{csrf}}">
    <fieldset class="stars"{{!state.aria('calificacion')}}>
      <legend>¿Qué tan satisfecho(a) quedó? (1 = nada, 5 = mucho)</legend>
      % for n in range(1, 6):
      <label class="star"><input type="radio" name="calificacion" value="{{n}}" id="f-calificacion{{'' if n == 1 else '-' + str(n)}}"{{' checked' if v.get('calificacion') == str(n) else ''}}> {{n}}</label>
      % end
    </fieldset>
    {{!state.field_error('calificacion')}}
    <div class="field">
      <label for="f-comentario">Comentario <span class="hint-inline">(opcional)</span></label>
      <textarea id="f-comentario" name="comentario" rows="2" {{!rules.attrs('rating_comment')}}>{{v.get('comentario', '')}}</textarea>
    </div>
    <button type="submit" class="button primary" id="enviar-calificacion">Enviar calificación</button>
  </form>
</section>
% elif d.get('rating'):
<p class="card" id="calificacion-dada">Usted calificó la atención con <strong>{{d['rating']}} de 5</strong>. Gracias.</p>
% end
<section class="card reported" aria-labelledby="reporte-titulo" id="lo-que-reporto">
  <h2 id="reporte-titulo">Lo que usted reportó</h2>
  <dl class="facts">
    <div class="wide"><dt>Descripción</dt><dd class="prewrap" id="descripcion">{{d.get('description') or ''}}</dd></div>
    <div><dt>Tipo de problema</dt><dd>{{d.get('category_name') or ''}}</dd></div>
    <div><dt>Usted es</dt><dd>{{d.get('requester_type_name') or ''}}</dd></div>
    <div><dt>Lugar</dt><dd>{{d.get('campus_name') or ''}}{{(' · ' + d['location_name']) if d.get('location_name') else ''}}</dd></div>
    % if d.get('location_detail'):
    <div><dt>Detalle del lugar</dt><dd>{{d['location_detail']}}</dd></div>
    % end
    % if d.get('equipment_tag') or d.get('equipment_description'):
    <div><dt>Equipo</dt><dd>{{' — '.join(x for x in (d.get('equipment_tag'), d.get('equipment_description')) if x)}}</dd></div>
    % end
    % if d.get('equipment_condition'):
    <div><dt>Condición del equipo</dt><dd>{{d['equipment_condition']}}</dd></div>
    % end
  </dl>
  % if photos:
  <h3>Fotos</h3>
  <ul class="photos">
    % for ph in photos:
    <li><a href="{{prefix}}/consulta/foto/{{ph['token']}}" target="_blank" rel="noopener"><img src="{{prefix}}/consulta/foto/{{ph['token']}}?miniatura=1" alt="Foto {{ph['photo_number']}}: {{ph['file_name']}}. Abrir en tamaño completo" loading="lazy" width="160" height="160"></a></li>
    % end
  </ul>
  <p class="small">Los enlaces de las fotos duran unos minutos; si una ya no abre, consulte de nuevo su solicitud.</p>
  % end
</section>

% if d.get('can_reply') or 'mensaje' in state.errors:
<section class="card reply" aria-labelledby="responder-titulo" id="responder">
  <h2 id="responder-titulo">Responder o agregar información</h2>
  <form method="post" action="{{prefix}}/consulta/{{folio}}/responder" enctype="multipart/form-data" class="reply-form">
    <input type="hidden" name="csrf_token" value="{{csrf}}">
    <input type="hidden" name="idempotency_key" value="{{idem}}">
    <div class="hp" aria-hidden="true">
      <label for="f-sitio_web">No llene este campo</label>
      <input type="text" id="f-sitio_web" name="sitio_web" tabindex="-1" autocomplete="off" value="">
    </div>
    <div class="field">
      <label for="f-mensaje">Su mensaje <span class="req">(obligatorio)</span></label>
      <textarea id="f-mensaje" name="mensaje" rows="4" {{!rules.attrs('reply_body')}}{{!state.aria('mensaje', True, 'cuenta-f-mensaje')}}>{{v.get('mensaje', '')}}</textarea>
      <p class="hint" id="hint-mensaje">El Centro de Cómputo lo verá en su solicitud. No escriba contraseñas.</p>
      <p class="hint counter" id="cuenta-f-mensaje" data-max="{{rules.max_length('reply_body') or ''}}">Hasta {{'{:,}'.format(rules.max_length('reply_body') or 0)}} caracteres.</p>
      {{!state.field_error('mensaje')}}
    </div>
    % slots = min(rules.max_images, d.get('photo_slots') or 0)
    % if slots > 0:
    <div class="field">
      <label for="f-fotos">Fotos o capturas <span class="hint-inline">(opcional)</span></label>
      <input type="file" id="f-fotos" name="fotos" multiple accept="{{','.join(rules.image_types)}}"{{!state.aria('fotos', True, 'reattach-fotos' if reattach else '')}}>
      <p class="hint" id="hint-fotos">Hasta {{slots}} imágenes PNG, JPEG o WebP de hasta {{max_upload_mb}} MB cada una.</p>
      % if reattach:
      <p class="field-warning" id="reattach-fotos"><strong>Atención:</strong> {{reattach}}</p>
      % end
      {{!state.field_error('fotos')}}
    </div>
    % end
    <button type="submit" class="button primary" id="enviar-respuesta">Enviar mensaje</button>
  </form>
</section>
% end

% end

<section class="card history" aria-labelledby="historial-titulo">
  <h2 id="historial-titulo">Respuestas e historial</h2>
  % if events:
  <ol class="timeline">
    % for e in events:
    <li class="event event-{{e['event_type']}}">
      <p class="event-head"><strong>{{labels.get(e['event_type'], e['event_type'])}}</strong>
        <time>{{local_time(e['occurred_at'])}}</time></p>
      % if e.get('status_name') and e['event_type'] in ('estado', 'creado', 'solicitante', 'confirmado', 'reabierto'):
      <p class="event-status">Estado: {{e['status_name']}}</p>
      % end
      % if e.get('body'):
      <p class="event-body prewrap">{{e['body']}}</p>
      % end
      % with_photos = photos_at.get(e.get('event_number'), [])
      % if with_photos:
      <ul class="photos event-photos" aria-label="Fotos de este mensaje">
        % for ph in with_photos:
        <li><a href="{{prefix}}/consulta/foto/{{ph['token']}}" target="_blank" rel="noopener"><img src="{{prefix}}/consulta/foto/{{ph['token']}}?miniatura=1" alt="Foto {{ph['photo_number']}}: {{ph['file_name']}}. Abrir en tamaño completo" loading="lazy" width="120" height="120"></a></li>
        % end
      </ul>
      % end
    </li>
    % end
  </ol>
  % else:
  <p>Todavía no hay movimientos públicos.</p>
  % end
</section>
<section class="card small no-print" aria-label="Al terminar">
  <p id="codigo-perdido"><strong>¿Perdió su código de acceso?</strong> No lo enviamos por correo: acuda al Centro de Cómputo con su folio y le darán un código nuevo.</p>
  <form method="post" action="{{prefix}}/consulta/{{folio}}/borrar" class="forget">
    <input type="hidden" name="csrf_token" value="{{csrf}}">
    <p>En una computadora compartida, borre sus datos al terminar.</p>
    <button type="submit" class="button" id="borrar">Terminé: borrar de este equipo</button>
    <a class="button" href="{{prefix}}/consulta">Consultar otra solicitud</a>
  </form>
</section>
