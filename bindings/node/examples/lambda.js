'use strict';
// An AWS Lambda handler (Node.js runtime) whose console output is scrubbed: whatever it logs
// with console.log/info/warn/error -- arguments, objects, errors with their stacks -- is
// redacted before the runtime writes it.
//
// Ship index.js, logscrub.node and liblogscrub.so with the libraries it links (see
// `ldd build/liblogscrub.so`) in the function's package or a layer, and set
// LOGSCRUB_NODE_ADDON to the add-on's path when it is not beside index.js.

const logscrub = require('..');

// Built once per execution environment (about a millisecond), shared by every invocation.
const engine = new logscrub.Engine();
logscrub.scrubConsole(engine);

exports.handler = async (event) => {
  console.info('event received:', event);
  try {
    if (event.fail) throw new Error(`upstream rejected token ${event.token}`);
  } catch (err) {
    console.error('request failed', err);
    return { statusCode: 502 };
  }
  return { statusCode: 200 };
};
