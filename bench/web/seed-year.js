// Seeds a running bot with a year of data through its signed intake, as orchestrators would report it: one run per
// pipeline per day for the 365 days before today (finished 07:00 UTC), one in twenty failed (an incident each) and
// one in fifty late (finished 09:30 UTC). Runs after the bot is up; prints how many runs it stored.
//
//   node seed-year.js <base url> <webhook secret>
const crypto = require("crypto");
const [base, secret] = process.argv.slice(2);

async function post(path, body) {
  const text = JSON.stringify(body);
  const signature = "sha256=" + crypto.createHmac("sha256", secret).update(text).digest("hex");
  const response = await fetch(base + path, { method: "POST", body: text, headers: { "content-type": "application/json", "X-PipelineBot-Signature": signature } });
  if (response.status >= 300) throw new Error(`${path}: ${response.status} ${await response.text()}`);
}

(async () => {
  const pipelines = (await (await fetch(base + "/api/pipelines")).json()).map(p => p.id);
  const today = new Date(new Date().toISOString().slice(0, 10) + "T00:00:00Z");
  const events = [];
  for (let back = 365; back >= 1; back--) {
    const day = new Date(today.getTime() - back * 86400000).toISOString().slice(0, 10);
    pipelines.forEach((pipeline, i) => {
      const n = back * pipelines.length + i;
      const failed = n % 20 === 0;
      const late = n % 50 === 1;
      events.push({
        pipeline, runId: `scheduled__${day}`, state: failed ? "failed" : "succeeded", logicalDate: day,
        at: `${day}T${late ? "09:30" : "07:00"}:00Z`, records: 10000, dropped: n % 97 === 0 ? 50 : 3,
        ...(failed ? { error: "Task load failed: upstream file missing" } : {}),
      });
    });
  }

  // Eight at a time: the intake's speed is measured elsewhere (bench/load); this only fills the database.
  for (let i = 0; i < events.length; i += 8) await Promise.all(events.slice(i, i + 8).map(e => post("/api/runs", e)));
  console.log(`${events.length} runs of ${pipelines.length} pipelines over 365 days`);
})().catch(e => { console.error(e.message); process.exit(1); });
