// A stand-in for Slack's Web API during the load test: users.info knows one user (Miles, by his catalog email), every
// post and update succeeds, and /__stats counts the calls so the run can be checked.
const http = require("http");
const counts = {};
let ts = 0;
http.createServer((req, res) => {
  let body = "";
  req.on("data", (d) => (body += d)).on("end", () => {
    const method = req.url.split("?")[0].replace(/^\/api\//, "").replace(/^\//, "");
    counts[method] = (counts[method] || 0) + 1;
    let answer = { ok: true };
    if (method === "__stats") answer = counts;
    else if (method === "users.info") answer = { ok: true, user: { id: "U0LOADMILES", name: "miles", tz: "UTC", profile: { email: "miles.lopez@example.com" } } };
    else if (method === "chat.postMessage" || method === "chat.update") answer = { ok: true, channel: "C0ALERTS", ts: `1700000001.${String(++ts).padStart(6, "0")}` };
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(JSON.stringify(answer));
  });
}).listen(3198, "127.0.0.1");
