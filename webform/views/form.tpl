% rebase('base.tpl', title=title, static=static, description=description, robots=robots, body_class=body_class)
% err = state.errors
<h1>Solicitud de soporte al Centro de Cómputo</h1>
<p class="lead">Llene el formulario para reportar un problema con su cuenta, la red o un equipo. Al enviarlo recibirá un <strong>folio</strong> y un <strong>código de acceso</strong> para consultar el avance. No necesita cuenta.</p>

% if state.has_errors:
<div class="error-summary" id="resumen-errores" role="alert" tabindex="-1" aria-labelledby="resumen-titulo" autofocus>
  <h2 id="resumen-titulo">Revise los siguientes datos</h2>
  <ul>
  % for text in state.general:
    <li>{{text}}</li>
  % end
  % for name, texts in err.items():
    % for text in texts:
    <li><a href="#f-{{name}}">{{text}}</a></li>
    % end
  % end
  % if reattach and 'imagenes' not in err:
    <li><a href="#f-imagenes">{{reattach}}</a></li>
  % end
  </ul>
</div>
% else:
<div class="error-summary" id="resumen-errores" role="alert" tabindex="-1" aria-labelledby="resumen-titulo" hidden>
  <h2 id="resumen-titulo">Revise los siguientes datos</h2>
  <ul></ul>
</div>
% end

% if prefill:
<section class="card prefill" id="prefill" aria-labelledby="prefill-titulo">
  % if prefill['tag']:
  <h2 id="prefill-titulo">Reportando el equipo <span class="nowrap">{{prefill['tag']}}</span></h2>
  % else:
  <h2 id="prefill-titulo">Reportando un problema en este lugar</h2>
  % end
  % if prefill['label'] and prefill['label'] != prefill['tag']:
  <p>{{prefill['label']}}</p>
  % end
  % if prefill['place']:
  <p>Lugar: <strong>{{prefill['place']}}</strong></p>
  % end
  <p class="small">Estos datos vienen de la etiqueta que escaneó. Si no es el equipo o el lugar correcto, <a href="#f-campus_id">cámbielos en el formulario</a> o <a href="{{prefix}}/">empiece con el formulario en blanco</a>.</p>
</section>
% end

<form id="solicitud" class="ticket-form" method="post" action="{{prefix}}/solicitudes" enctype="multipart/form-data" novalidate
      data-max-images="{{rules.max_images}}" data-max-upload-bytes="{{settings.max_upload_bytes}}" data-image-types="{{','.join(rules.image_types)}}">
  <input type="hidden" name="csrf_token" value="{{csrf}}">
  <input type="hidden" name="idempotency_key" value="{{idem}}">
  <div class="hp" aria-hidden="true">
    <label for="f-sitio_web">No llene este campo</label>
    <input type="text" id="f-sitio_web" name="sitio_web" tabindex="-1" autocomplete="off" value="">
  </div>

  <fieldset>
    <legend>Sus datos</legend>
    <div class="field">
      <label for="f-requester_name">Nombre completo <span class="req">(obligatorio)</span></label>
      <input type="text" id="f-requester_name" name="requester_name" value="{{v.get('requester_name', '')}}" autocomplete="name" {{!rule_attrs('requester_name')}}{{!aria('requester_name')}}>
      {{!field_error('requester_name')}}
    </div>
    <div class="row">
      <div class="field">
        <label for="f-requester_type_id">Usted es <span class="req">(obligatorio)</span></label>
        <select id="f-requester_type_id" name="requester_type_id" {{!rule_attrs('requester_type_id')}}{{!aria('requester_type_id')}}>
          <option value="">— Elija una opción —</option>
          % for it in requester_types:
          <option value="{{it['item_id']}}" data-code="{{it['code'] or ''}}" data-detail="{{it['detail'] or ''}}"{{!selected('requester_type_id', it['item_id'])}}>{{it['name']}}</option>
          % end
        </select>
        {{!field_error('requester_type_id')}}
      </div>
      <div class="field">
        <label for="f-control_number">Número de control <span class="hint-inline">(alumnos)</span></label>
        <input type="text" id="f-control_number" name="control_number" value="{{v.get('control_number', '')}}" inputmode="text" autocomplete="off" {{!rule_attrs('control_number')}}{{!aria('control_number', True)}}>
        <p class="hint" id="hint-control_number">Obligatorio si es alumno(a). Ejemplo: 21240123.</p>
        {{!field_error('control_number')}}
      </div>
    </div>
    <div class="field">
      <label for="f-department_id">Departamento o área <span class="req">(obligatorio)</span></label>
      <select id="f-department_id" name="department_id" {{!rule_attrs('department_id')}}{{!aria('department_id')}}>
        <option value="">— Elija su departamento o área —</option>
        % for it in departments:
        <option value="{{it['item_id']}}"{{!selected('department_id', it['item_id'])}}>{{it['name']}}</option>
        % end
      </select>
      {{!field_error('department_id')}}
    </div>
    <p class="hint" id="hint-contact">Escriba su correo institucional o su teléfono/extensión: al menos uno, para poder contactarle.</p>
    <div class="row">
      <div class="field">
        <label for="f-contact_email">Correo institucional</label>
        <input type="email" id="f-contact_email" name="contact_email" value="{{v.get('contact_email', '')}}" autocomplete="email" inputmode="email" {{!rule_attrs('contact_email')}}{{!aria('contact_email', False, 'hint-contact')}}>
        {{!field_error('contact_email')}}
      </div>
      <div class="field">
        <label for="f-contact_phone">Teléfono o extensión</label>
        <input type="tel" id="f-contact_phone" name="contact_phone" value="{{v.get('contact_phone', '')}}" autocomplete="tel" {{!rule_attrs('contact_phone')}}{{!aria('contact_phone', False, 'hint-contact')}}>
        {{!field_error('contact_phone')}}
      </div>
    </div>
  </fieldset>

  <fieldset>
    <legend>¿Dónde ocurre?</legend>
    <div class="row">
      <div class="field">
        <label for="f-campus_id">Campus <span class="req">(obligatorio)</span></label>
        <select id="f-campus_id" name="campus_id" {{!rule_attrs('campus_id')}}{{!aria('campus_id')}}>
          <option value="">— Elija el campus —</option>
          % for it in campuses:
          <option value="{{it['item_id']}}"{{!selected('campus_id', it['item_id'])}}>{{it['name']}}</option>
          % end
        </select>
        {{!field_error('campus_id')}}
      </div>
      <div class="field">
        <label for="f-location_id">Edificio, laboratorio u oficina</label>
        <select id="f-location_id" name="location_id" {{!rule_attrs('location_id')}}{{!aria('location_id')}}>
          <option value="">— Elija el lugar —</option>
          % for c in campuses:
          % locs = [l for l in locations if l['parent_id'] == c['item_id'] and (campus_id is None or campus_id == c['item_id'])]
          % if locs:
          <optgroup label="{{c['name']}}">
            % for it in locs:
            <option value="{{it['item_id']}}" data-campus="{{c['item_id']}}"{{!selected('location_id', it['item_id'])}}>{{it['name']}}</option>
            % end
          </optgroup>
          % end
          % end
        </select>
        {{!field_error('location_id')}}
      </div>
    </div>
    <div class="field">
      <label for="f-location_detail">Detalle del lugar</label>
      <input type="text" id="f-location_detail" name="location_detail" value="{{v.get('location_detail', '')}}" {{!rule_attrs('location_detail')}}{{!aria('location_detail', True)}}>
      <p class="hint" id="hint-location_detail">Por ejemplo: aula 5, planta alta, tercera computadora junto a la ventana.</p>
      {{!field_error('location_detail')}}
    </div>
  </fieldset>

  <fieldset>
    <legend>El problema</legend>
    <div class="field">
      <label for="f-category_id">Tipo de problema <span class="req">(obligatorio)</span></label>
      <select id="f-category_id" name="category_id" {{!rule_attrs('category_id')}}{{!aria('category_id')}}>
        <option value="">— Elija el tipo de problema —</option>
        % groups = [('servicio', 'Cuentas y servicios'), ('equipo', 'Equipo y red')]
        % grouped = any((it['code'] or '') in ('servicio', 'equipo') for it in categories)
        % for kind, label in (groups if grouped else [('', '')]):
        % if grouped:
        <optgroup label="{{label}}">
        % end
          % for it in categories:
          % if not grouped or (it['code'] or '') == kind:
          <option value="{{it['item_id']}}" data-detail="{{it['detail'] or ''}}"{{!selected('category_id', it['item_id'])}}>{{it['name']}}</option>
          % end
          % end
        % if grouped:
        </optgroup>
        % end
        % end
      </select>
      {{!field_error('category_id')}}
    </div>
    % include('incident_notice.tpl', notice=notice, picked=picked)
    <div class="field">
      <label for="f-description">Describa el problema <span class="req">(obligatorio)</span></label>
      <textarea id="f-description" name="description" rows="6" {{!rule_attrs('description')}}{{!aria('description', True, 'cuenta-f-description')}}>{{v.get('description', '')}}</textarea>
      <p class="hint" id="hint-description">Qué pasa, desde cuándo y qué mensaje aparece en pantalla.</p>
      <p class="hint counter" id="cuenta-f-description" data-max="{{rules.max_length('description') or ''}}">Hasta {{'{:,}'.format(rules.max_length('description') or 0)}} caracteres.</p>
      {{!field_error('description')}}
    </div>
  </fieldset>

  <fieldset>
    <legend>Equipo <span class="hint-inline">(si el problema es de una computadora, impresora u otro equipo)</span></legend>
    <div class="field">
      <label for="f-equipment_id">Equipo registrado en ese lugar</label>
      <select id="f-equipment_id" name="equipment_id" {{!rule_attrs('equipment_id')}}{{!aria('equipment_id', True)}}>
        <option value="">{{'— No está en la lista / no aplica —' if equipment else '— Elija primero el lugar (o escriba los datos abajo) —'}}</option>
        % for it in equipment:
        <option value="{{it['equipment_id']}}"{{!selected('equipment_id', it['equipment_id'])}}>{{equipment_label(it)}}</option>
        % end
      </select>
      <p class="hint" id="hint-equipment_id">Si no aparece, escriba los datos de la etiqueta del equipo.</p>
      {{!field_error('equipment_id')}}
    </div>
    <div class="row three">
      <div class="field">
        <label for="f-equipment_tag">Número de inventario</label>
        <input type="text" id="f-equipment_tag" name="equipment_tag" value="{{v.get('equipment_tag', '')}}" autocomplete="off" {{!rule_attrs('equipment_tag')}}{{!aria('equipment_tag')}}>
        {{!field_error('equipment_tag')}}
      </div>
      <div class="field">
        <label for="f-equipment_serial">Número de serie</label>
        <input type="text" id="f-equipment_serial" name="equipment_serial" value="{{v.get('equipment_serial', '')}}" autocomplete="off" {{!rule_attrs('equipment_serial')}}{{!aria('equipment_serial')}}>
        {{!field_error('equipment_serial')}}
      </div>
      <div class="field">
        <label for="f-equipment_brand">Marca</label>
        <input type="text" id="f-equipment_brand" name="equipment_brand" value="{{v.get('equipment_brand', '')}}" autocomplete="off" {{!rule_attrs('equipment_brand')}}{{!aria('equipment_brand')}}>
        {{!field_error('equipment_brand')}}
      </div>
    </div>
    <div class="field">
      <label for="f-equipment_condition">Condición técnica del equipo</label>
      <input type="text" id="f-equipment_condition" name="equipment_condition" value="{{v.get('equipment_condition', '')}}" {{!rule_attrs('equipment_condition')}}{{!aria('equipment_condition', True)}}>
      <p class="hint" id="hint-equipment_condition">Por ejemplo: no enciende, pantalla rota, hace ruido, atasca papel.</p>
      {{!field_error('equipment_condition')}}
    </div>
  </fieldset>

  <fieldset>
    <legend>Fotos o capturas de pantalla <span class="hint-inline">(opcional)</span></legend>
    <div class="field">
      <label for="f-imagenes">Imágenes</label>
      <input type="file" id="f-imagenes" name="imagenes" multiple accept="{{','.join(rules.image_types)}}" data-msg-too-many="{{image_msgs['too-many']}}" data-msg-type="{{image_msgs['type']}}" data-msg-size="{{image_msgs['size']}}"{{!aria('imagenes', True, 'reattach-imagenes' if reattach else '')}}>
      <p class="hint" id="hint-imagenes">Hasta {{rules.max_images}} imágenes PNG, JPEG o WebP de hasta {{max_upload_mb}} MB cada una. Se guardan reducidas (1600 px como máximo) y sin datos de ubicación.</p>
      % if reattach:
      <p class="field-warning" id="reattach-imagenes"><strong>Atención:</strong> {{reattach}}</p>
      % end
      {{!field_error('imagenes')}}
    </div>
  </fieldset>

  <div class="actions">
    <button type="submit" class="button primary" id="enviar" data-sending="Enviando…">Enviar solicitud</button>
  </div>
</form>
