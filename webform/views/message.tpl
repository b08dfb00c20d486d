% rebase('base.tpl', title=title, static=static, description=description, robots=robots, body_class=body_class)
<section class="card message">
  <h1>{{title}}</h1>
  <p>{{text}}</p>
  % if link and link[0]:
  <p><a class="button" href="{{prefix}}{{link[0]}}">{{link[1]}}</a></p>
  % end
</section>
