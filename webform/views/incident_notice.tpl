% # The known-failure notice on the form (issue 18). Server-rendered (review step without JavaScript,
% # or a page shown again) or filled in by app.js from /api/aviso. `picked`: '', 'otro' or an incident id.
<input type="hidden" name="incidente" id="f-incidente" value="{{picked}}">
% if notice and picked == str(notice['incident_id']):
<section class="card known-failure chosen" id="aviso-falla" aria-labelledby="aviso-falla-titulo" data-incidente="{{notice['incident_id']}}">
  <h2 id="aviso-falla-titulo">{{notice['heading']}}</h2>
  <p>{{notice['body']}} {{notice['attending']}}</p>
  <p class="notice-ok" role="status">Eligió «Yo también tengo esta falla»: su solicitud quedará unida a esta falla y verá sus avisos al consultarla.</p>
  <button type="submit" class="button" name="eleccion_falla" value="otro" data-incidente-choice="otro">Mi problema es otro</button>
</section>
% elif notice:
<section class="card known-failure" id="aviso-falla" role="region" tabindex="-1" aria-labelledby="aviso-falla-titulo" data-incidente="{{notice['incident_id']}}" autofocus>
  <h2 id="aviso-falla-titulo">{{notice['heading']}}</h2>
  <p>{{notice['body']}} {{notice['attending']}}</p>
  % if notice['count']:
  <p class="small">{{notice['count']}}</p>
  % end
  <p>¿Es lo mismo que le pasa a usted? Si elige «Yo también» recibirá de todos modos su folio y su código, y verá los avisos de esta falla al consultar su solicitud.</p>
  <div class="choice-buttons">
    <button type="submit" class="button primary" name="eleccion_falla" value="{{notice['incident_id']}}" data-incidente-choice="{{notice['incident_id']}}">Yo también tengo esta falla</button>
    <button type="submit" class="button" name="eleccion_falla" value="otro" data-incidente-choice="otro">Mi problema es otro</button>
  </div>
</section>
% else:
<section class="card known-failure" id="aviso-falla" aria-labelledby="aviso-falla-titulo" aria-live="polite" hidden></section>
% end
