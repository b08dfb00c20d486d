-- Grants by schema: the web login may execute only `webform`, the desktop
-- login only `staff`. Nobody but the owner touches `app` or `stats`.
REVOKE ALL ON SCHEMA public FROM PUBLIC;
REVOKE ALL ON SCHEMA app, stats, webform, staff FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA app, stats FROM PUBLIC;
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA app, stats, webform, staff FROM PUBLIC;
ALTER DEFAULT PRIVILEGES FOR ROLE itl_owner REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;

GRANT USAGE ON SCHEMA webform TO itl_web;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA webform TO itl_web;

GRANT USAGE ON SCHEMA staff TO itl_desk;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA staff TO itl_desk;

-- Functions added by a later deploy (this file only re-runs when it changes)
-- are granted too, like T-SQL's GRANT EXECUTE ON SCHEMA.
ALTER DEFAULT PRIVILEGES FOR ROLE itl_owner IN SCHEMA webform GRANT EXECUTE ON FUNCTIONS TO itl_web;
ALTER DEFAULT PRIVILEGES FOR ROLE itl_owner IN SCHEMA staff GRANT EXECUTE ON FUNCTIONS TO itl_desk;
