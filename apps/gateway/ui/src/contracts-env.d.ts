// libs/contracts measures JSON sizes with Node's Buffer on the server. The dashboard imports only its
// types (erased from the bundle), so this declaration exists for the type check alone.
declare const Buffer: { byteLength(value: string, encoding: 'utf8'): number };
