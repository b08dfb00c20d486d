"""Administration services, one module per screen: they decide and call the gateway (no widgets,
tested without a display). Every call goes through `call` (AppContext.call, which adds the
session token); the calls block, so the views run them through ctx.run_async."""
