/**
 * Malformed manifests and the exact first error line the real kubectl 1.32 printed for each
 * (captured with `kubectl create --dry-run=client --validate=false -f FILE`; reference output, never
 * rewritten by an update flag).
 */
import { describe, expect, it } from 'vitest';
import { TestCluster } from '../helpers.js';

const CASES: [file: string, text: string, kubectl: string][] = [
  ["alias-undef.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: *foo\n", "error: error parsing alias-undef.yaml: error converting YAML to JSON: yaml: unknown anchor 'foo' referenced"],
  ["bad-escape.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: \"a\\qb\"\n", "error: error parsing bad-escape.yaml: error converting YAML to JSON: yaml: line 4: found unknown escape character"],
  ["badsep.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n--- x\napiVersion: v1\n", "error: error parsing badsep.yaml: invalid Yaml document separator: x"],
  ["block-scalar-tab.yaml", "apiVersion: v1\nkind: ConfigMap\ndata:\n  a: |\n    line\n\tx\n", "error: error parsing block-scalar-tab.yaml: error converting YAML to JSON: yaml: line 6: found a tab character where an indentation space is expected"],
  ["bomb.yaml", "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n", "error: error parsing bomb.yaml: error converting YAML to JSON: yaml: document contains excessive aliasing"],
  ["chapter-named.yaml", "apiVersion: V1\nkind: pod\nmetadata:\n\tname: kubia\nspec:\n\tcontainers:\n\t- name: kunbia\n\t  ports:\n\t  - name: http\n\t    containerPort: 8080\n\t  - name: https\n\t    containerPort: 8443\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: kubia\nspec:\n  ports:\n  - name: http\n    port: 80\n    targetPort: http\n  - name: https\n    port: 443\n    targetPort: https\n  selector:\n", "error: error parsing chapter-named.yaml: error converting YAML to JSON: yaml: line 4: found character that cannot start any token"],
  ["comments.yaml", "# nothing\n---\n", "error: no objects passed to create"],
  ["crlf.yaml", "apiVersion: v1\r\nkind: Service\r\nmetadata:\r\n\tname: x\r\n", "error: error parsing crlf.yaml: error converting YAML to JSON: yaml: line 4: found character that cannot start any token"],
  ["ctrl.yaml", "apiVersion: v1\nkind: \u0001Service\n", "error: error parsing ctrl.yaml: error converting YAML to JSON: yaml: control characters are not allowed"],
  ["dash-bad.yaml", "apiVersion: v1\nkind: Service\nspec:\n  ports:\n  - port: 80\n   - port: 81\n", "error: error parsing dash-bad.yaml: error converting YAML to JSON: yaml: line 5: did not find expected key"],
  ["doc2-tab.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Pod\nmetadata:\n\tname: kubia\n", "error parsing doc2-tab.yaml: error converting YAML to JSON: yaml: line 4: found character that cannot start any token"],
  ["empty.yaml", "", "error: no objects passed to create"],
  ["flow-unclosed-arr.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  labels: [a, b\n", "error: error parsing flow-unclosed-arr.yaml: error converting YAML to JSON: yaml: line 4: did not find expected ',' or ']'"],
  ["flow-unclosed.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  labels: {a: b\nspec: {}\n", "error: error parsing flow-unclosed.yaml: error converting YAML to JSON: yaml: line 4: did not find expected ',' or '}'"],
  ["indent-after-seq.yaml", "spec:\n  containers:\n  - name: a\n     image: b\n", "error: error parsing indent-after-seq.yaml: error converting YAML to JSON: yaml: line 4: mapping values are not allowed in this context"],
  ["json-arr.json", "{\"a\": [1 2]}", "error: error parsing json-arr.json: json: offset 10: invalid character '2' after array element"],
  ["json-bad.json", "{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"Service\",\n}\n", "error: error parsing json-bad.json: json: offset 46: invalid character '}' looking for beginning of object key string"],
  ["json-badval.json", "{\"apiVersion\": \"v1\", \"kind\": tru}", "error: error parsing json-badval.json: json: offset 33: invalid character '}' in literal true (expecting 'e')"],
  ["json-colon.json", "{\"apiVersion\" \"v1\"}", "error: error parsing json-colon.json: json: offset 15: invalid character '\"' after object key"],
  ["json-ctrl.json", "{\"apiVersion\": \"a\u0001\"}", "error: error parsing json-ctrl.json: json: offset 18: invalid character '\\x01' in string literal"],
  ["json-esc.json", "{\"apiVersion\": \"v\\q1\"}", "error: error parsing json-esc.json: json: offset 19: invalid character 'q' in string escape code"],
  ["json-neg.json", "{\"a\": -x}", "error: error parsing json-neg.json: json: offset 8: invalid character 'x' in numeric literal"],
  ["json-num.json", "{\"apiVersion\": 1.}", "error: error parsing json-num.json: json: offset 18: invalid character '}' after decimal point in numeric literal"],
  ["json-trunc.json", "{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"Service\"\n", "error: error parsing json-trunc.json: unexpected EOF"],
  ["key-at-col1.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n labels: x\n", "error: error parsing key-at-col1.yaml: error converting YAML to JSON: yaml: line 4: did not find expected key"],
  ["list-mix.yaml", "apiVersion: v1\nkind: Service\nspec:\n  ports:\n  - port: 80\n  name: x\n  - port: 81\n", "error: error parsing list-mix.yaml: error converting YAML to JSON: yaml: line 6: did not find expected key"],
  ["map-in-scalar.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: kubia: x\n", "error: error parsing map-in-scalar.yaml: error converting YAML to JSON: yaml: line 4: mapping values are not allowed in this context"],
  ["nocolon-last.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  labels:\n    a: b\n  name kubia\n", "error: error parsing nocolon-last.yaml: error converting YAML to JSON: yaml: line 7: could not find expected ':'"],
  ["nocolon.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name kubia\n  labels:\n    a: b\n", "error: error parsing nocolon.yaml: error converting YAML to JSON: yaml: line 5: mapping values are not allowed in this context"],
  ["over-indent.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: kubia\n    labels:\n    a: b\n", "error: error parsing over-indent.yaml: error converting YAML to JSON: yaml: line 5: mapping values are not allowed in this context"],
  ["seq-under-map.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  - x\n", "error: error parsing seq-under-map.yaml: error converting YAML to JSON: yaml: line 4: did not find expected key"],
  ["t10.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name:\n\t  a\n", "error: error parsing t10.yaml: error converting YAML to JSON: yaml: line 5: found character that cannot start any token"],
  ["t11.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  labels:\n    a: b\n\tc: d\n", "error: error parsing t11.yaml: error converting YAML to JSON: yaml: line 6: found a tab character that violates indentation"],
  ["t2.yaml", "apiVersion: v1\nkind: Pod\nspec:\n  x:\n  - \tport: 80\n", "error: error parsing t2.yaml: error converting YAML to JSON: yaml: line 5: found character that cannot start any token"],
  ["t3.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n\t\n", "error: error parsing t3.yaml: error converting YAML to JSON: yaml: line 5: found a tab character that violates indentation"],
  ["t4.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n\t# comment\n", "error: error parsing t4.yaml: error converting YAML to JSON: yaml: line 5: found a tab character that violates indentation"],
  ["t5.yaml", "apiVersion: v1\nkind: ConfigMap\ndata:\n  a: |\n\tx\n", "error: error parsing t5.yaml: error converting YAML to JSON: yaml: line 5: found a tab character where an indentation space is expected"],
  ["t9.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  \tname: a\n", "error: error parsing t9.yaml: error converting YAML to JSON: yaml: line 4: found character that cannot start any token"],
  ["tab-after-dash.yaml", "spec:\n  ports:\n  -\tport: 80\n", "error: error parsing tab-after-dash.yaml: error converting YAML to JSON: yaml: line 3: found character that cannot start any token"],
  ["tab-indent.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n\tname: kubia\n", "error: error parsing tab-indent.yaml: error converting YAML to JSON: yaml: line 4: found character that cannot start any token"],
  ["tab-nested.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: kubia\nspec:\n  sessionAffinity: ClientIP\n  sessionAffinityConfig: \n\t  clientIP: \n\t\t  timeoutSeconds: 3600\n", "error: error parsing tab-nested.yaml: error converting YAML to JSON: yaml: line 8: found character that cannot start any token"],
  ["u1.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  labels: {a: b\n  c: d\n", "error: error parsing u1.yaml: error converting YAML to JSON: yaml: line 4: did not find expected ',' or '}'"],
  ["u12.yaml", "a: \"b\n\nc: d\n", "error: error parsing u12.yaml: error converting YAML to JSON: yaml: line 4: found unexpected end of stream"],
  ["u13.yaml", "kind: Service\napiVersion: v1\nmetadata:\n  name: x\nspec:\n  ports:\n  - port: 80\n    targetPort: 8080\n  selector:\n    app: kubia\n   foo: bar\n", "error: error parsing u13.yaml: error converting YAML to JSON: yaml: line 10: did not find expected key"],
  ["u2.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  labels: {a: b,\n", "error: error parsing u2.yaml: error converting YAML to JSON: yaml: line 4: did not find expected node content"],
  ["u3.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: \"a\"b\n", "error: error parsing u3.yaml: error converting YAML to JSON: yaml: line 3: did not find expected key"],
  ["u4.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [a]b\n", "error: error parsing u4.yaml: error converting YAML to JSON: yaml: line 3: did not find expected key"],
  ["u5.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  name2: b\n    c: d\n", "error: error parsing u5.yaml: error converting YAML to JSON: yaml: line 6: mapping values are not allowed in this context"],
  ["u6.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n- a\n  b: c\n", "error: error parsing u6.yaml: error converting YAML to JSON: yaml: line 5: mapping values are not allowed in this context"],
  ["u7.yaml", "a:\n  - b\n  c: d\n", "error: error parsing u7.yaml: error converting YAML to JSON: yaml: line 2: did not find expected '-' indicator"],
  ["u8.yaml", "a: b\n- c\n", "error: error parsing u8.yaml: error converting YAML to JSON: yaml: line 1: did not find expected key"],
  ["u9.yaml", "a:\n  b: c\n d: e\n", "error: error parsing u9.yaml: error converting YAML to JSON: yaml: line 2: did not find expected key"],
  ["under-indent.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n   name: kubia\n  labels:\n    a: b\n", "error: error parsing under-indent.yaml: error converting YAML to JSON: yaml: line 4: did not find expected key"],
  ["unterminated-noeol.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: \"kubia", "error: error parsing unterminated-noeol.yaml: error converting YAML to JSON: yaml: line 5: found unexpected end of stream"],
  ["unterminated-sq.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: 'kubia\n", "error: error parsing unterminated-sq.yaml: error converting YAML to JSON: yaml: line 5: found unexpected end of stream"],
  ["unterminated.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: \"kubia\nspec:\n  ports:\n  - port: 80\n", "error: error parsing unterminated.yaml: error converting YAML to JSON: yaml: line 8: found unexpected end of stream"],
  ["chapter-affinity.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: kubia\nspec:\n  sessionAffinity: ClientIP\n  sessionAffinityConfig: \n\t  clientIP: \n\t\t  timeoutSeconds: 3600  # \u4eb2\u548c\u6027\u8fc7\u671f\u65f6\u95f4\n  ports:\n  - port: 80\n    targetPort: 8080\n  selector:\n    app: kubia\n", "error: error parsing chapter-affinity.yaml: error converting YAML to JSON: yaml: line 8: found character that cannot start any token"],
];

describe('malformed manifests get kubectl\'s parse errors', () => {
  it.each(CASES)('%s', async (file, text, kubectl) => {
    const c = new TestCluster();
    c.file(file, text);
    const r = await c.run(`create -f ${file}`);
    expect(r.exitCode).toBe(1);
    // Several errors in one run are printed without the `error: ` prefix by kubectl; compare the message.
    const strip = (l: string) => l.replace(/^error: /, '');
    expect(r.stderr.split('\n').map(strip)).toContain(strip(kubectl));
  });
});
