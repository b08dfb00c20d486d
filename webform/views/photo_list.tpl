% # The thumbnails of some photos of a ticket (status page): each opens at full size.
<ul class="photos">
  % for ph in items:
  <li><a href="/consulta/foto/{{ph['token']}}" target="_blank" rel="noopener"><img src="/consulta/foto/{{ph['token']}}?miniatura=1" alt="{{ph['label']}}: {{ph['file_name']}}. Abrir en tamaño completo" loading="lazy" width="160" height="160"></a></li>
  % end
</ul>
