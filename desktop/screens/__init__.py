"""The staff screens of the main window, one controller per screen or concern (as desktop/admin/ is
per tab): each wires its views (desktop/views) to its services (desktop/services).

- desk.py: what the screens of one window share (context, catalogs, views, the open ticket) and
  where they find each other;
- login.py: login and the forced password change;
- session.py: a session's main window built and torn down (log in again, log out, session expired);
- window.py: the panes follow the window's size; light/dark theme;
- queue.py: the queue (filters, sort, pages, the row's context menu, refresh);
- arrivals.py: tickets that arrived since the page was loaded («N nuevos», the window title);
- ticket.py: the open ticket (open, reload, back to the queue; its draft);
- ticket_actions.py: the changes to the open ticket (status, priority, assign, comment, new code,
  bulk and «orden de servicio» hooks), one at a time;
- incidents.py: the «Incidentes» tab's links to the queue and the ticket;
- monitor.py: the database health banner and probe, auto-refresh of the queue;
- keys.py: the keyboard (key names, shortcuts given the text focus).

desktop.ui.DesktopApp builds them and runs the frame loop; nothing here imports desktop.ui.
"""
