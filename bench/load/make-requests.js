// Writes pre-signed requests for wrk (bench/load/signed_posts.lua), one per line: "<header name>\t<header value>\t<body>".
// wrk's Lua has no HMAC, and signing per request would measure the driver; the signatures are made here once.
//
//   node make-requests.js alerts <count> <webhook secret> [tag]  POST /api/alerts, a distinct run per request
//   node make-requests.js acks <count> <slack signing secret>   POST /slack/interactions, Acknowledge on INC-1..INC-<count>
const crypto = require("crypto");
const [kind, countText, secret, tag = "run"] = process.argv.slice(2);
const count = Number(countText);
const out = [];
const timestamp = Math.floor(Date.now() / 1000); // Slack's replay window is 5 minutes: generate just before the run.
for (let n = 1; n <= count; n++) {
  if (kind === "alerts") {
    const body = JSON.stringify({
      pipeline: "profit",
      runId: `load__${tag}__${timestamp}__${n}`,
      kind: "failure",
      summary: `Task load_sales failed: the sales file has no header row (load ${n})`,
      logicalDate: "2026-11-20",
    });
    const signature = "sha256=" + crypto.createHmac("sha256", secret).update(body).digest("hex");
    out.push(`X-PipelineBot-Signature\t${signature}\t${body}`);
  } else if (kind === "acks") {
    const payload = {
      type: "block_actions",
      user: { id: "U0LOADMILES", username: "miles", name: "miles", team_id: "T0LOAD" },
      api_app_id: "A0LOAD",
      container: { type: "message", message_ts: `1700000000.${String(n).padStart(6, "0")}`, channel_id: "C0ALERTS", is_ephemeral: false },
      trigger_id: `${timestamp}.${n}.load`,
      team: { id: "T0LOAD", domain: "load" },
      channel: { id: "C0ALERTS", name: "alerts" },
      message: { type: "message", ts: `1700000000.${String(n).padStart(6, "0")}`, text: `INC-${n}` },
      response_url: "http://127.0.0.1:3198/response",
      actions: [{ type: "button", action_id: "incident.ack#1", block_id: "actions", value: JSON.stringify({ incident: String(n) }), action_ts: `${timestamp}.${n}` }],
    };
    const body = "payload=" + encodeURIComponent(JSON.stringify(payload));
    const signature = "v0=" + crypto.createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex");
    out.push(`X-Slack-Request-Timestamp\t${timestamp}\tX-Slack-Signature\t${signature}\t${body}`);
  } else {
    throw new Error("kind must be alerts or acks");
  }
}
process.stdout.write(out.join("\n") + "\n");
