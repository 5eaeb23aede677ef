"""The CLI's commands by group: `routes` (plan, explain, routes), `data`, `rates`, over the
options and checks they share in `options`. `emigre.cli` assembles them into one app; each
module imports only typer at load time, so `emigre --help` stays fast."""
