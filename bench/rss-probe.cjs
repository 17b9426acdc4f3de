// Preloaded into benchmarked kube-sim processes: appends this process's peak RSS (KiB) to $KS_RSS_FILE at exit.
const fs = require('node:fs');
process.on('exit', () => {
  if (process.env.KS_RSS_FILE) fs.appendFileSync(process.env.KS_RSS_FILE, `${process.resourceUsage().maxRSS}\n`);
});
