// Validates Kubernetes objects of the core API groups against the API's schemas (kubernetes-models' validators,
// generated from the Kubernetes OpenAPI). Reads a JSON array of objects on stdin; prints one line per object:
// "ok <kind>/<name>", "invalid <kind>/<name>: <errors>" or "unknown <kind>/<name>: <apiVersion> has no model".
const input = await new Promise((resolve) => {
  let text = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk) => { text += chunk; });
  process.stdin.on('end', () => resolve(text));
});
for (const object of JSON.parse(input)) {
  const id = `${object.kind}/${object.metadata?.name}`;
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : [null, object.apiVersion];
  const module = group ? `kubernetes-models/${group}/${version}/${object.kind}` : `kubernetes-models/${version}/${object.kind}`;
  let model;
  try {
    model = (await import(module))[object.kind];
  } catch {
    model = undefined;
  }
  if (!model) {
    console.log(`unknown ${id}: ${object.apiVersion} has no model`);
    continue;
  }
  try {
    new model(object).validate();
    console.log(`ok ${id}`);
  } catch (error) {
    console.log(`invalid ${id}: ${String(error.message).replace(/\s+/g, ' ')}`);
  }
}
