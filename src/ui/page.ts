/** The live ui's page: the picture (drawn at once, so it shows without script), the details pane, the request form and the trace list. */
import { escapeXml } from './svg.js';
import { PICTURE_CSS } from './style.js';
import type { ModelPod } from './model.js';

/** The page's own styles (beside the picture's). */
const PAGE_CSS = `
body { margin: 0; font: 14px system-ui, sans-serif; color: #1d2733; display: grid; grid-template-columns: 1fr 26rem; height: 100vh; }
main { overflow: auto; padding: 0.5rem; }
aside { border-left: 1px solid #ccd3db; overflow: auto; padding: 0.5rem 0.8rem; background: #fafbfc; }
h1 { font-size: 1rem; margin: 0.2rem 0 0.5rem; }
h2 { font-size: 0.9rem; margin: 0.8rem 0 0.3rem; }
pre { font: 11px ui-monospace, "DejaVu Sans Mono", monospace; background: #fff; border: 1px solid #dde3ea; padding: 0.4rem; overflow: auto; white-space: pre; max-height: 22rem; }
form { display: grid; gap: 0.3rem; }
input, select, button { font: inherit; }
#status { color: #5b6b7d; font-size: 0.8rem; }
#trace li { margin: 0.15rem 0; font: 12px ui-monospace, monospace; }
#trace li.current { background: #fff3bf; }
#trace li.failed { color: #b00020; }
.box { cursor: pointer; }
.selected rect { stroke-width: 3 !important; }
.hop rect { stroke: #e67700 !important; stroke-width: 3.2 !important; }
.hop.hop-failed rect { stroke: #c92a2a !important; }
.edge.hop path { stroke: #e67700 !important; stroke-width: 3.2 !important; stroke-dasharray: none !important; }
.edge.hop polygon { fill: #e67700 !important; }
`;

/** The ui page with the picture as it is now. */
export function uiPage(svg: string, pods: ModelPod[]): string {
  const options = pods.map((p) => `<option value="${escapeXml(p.id)}">pod ${escapeXml(p.namespace)}/${escapeXml(p.name)}</option>`).join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>kube-sim ui</title>
<style>${PICTURE_CSS}${PAGE_CSS}</style>
<script src="/app.js" defer></script>
</head>
<body>
<main>
<h1>kube-sim: the cluster <span id="status">live</span></h1>
<div id="picture">${svg}</div>
</main>
<aside>
<h2>Send a request</h2>
<form id="request">
<label>from <select id="from" name="from"><option value="outside">outside the cluster (the host)</option>${options}</select></label>
<label>to <input id="url" name="url" value="http://" size="34"></label>
<button type="submit">curl --trace</button>
</form>
<h2>Request, hop by hop</h2>
<ol id="trace"></ol>
<h2 id="details-title">Select a Service or a pod</h2>
<div id="details"></div>
</aside>
</body>
</html>
`;
}
