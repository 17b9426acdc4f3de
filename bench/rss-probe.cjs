// Preloaded into benchmarked processes: appends this process's peak RSS (KiB) to $KS_RSS_FILE at exit, and
// its minor page faults to $KS_FAULTS_FILE.
const fs = require('node:fs');
process.on('exit', () => {
  const usage = process.resourceUsage();
  if (process.env.KS_RSS_FILE) fs.appendFileSync(process.env.KS_RSS_FILE, `${usage.maxRSS}\n`);
  if (process.env.KS_FAULTS_FILE) fs.appendFileSync(process.env.KS_FAULTS_FILE, `${usage.minorPageFault}\n`);
});
