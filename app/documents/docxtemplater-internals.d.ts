// Types for the two docxtemplater 3.71 internals that ./compiled-template.server.ts calls (package pinned).
declare module 'docxtemplater/js/render.js' {
  function render(options: object): { errors: unknown[]; parts: Array<string | number | Uint8Array> }
  export = render
}

declare module 'docxtemplater/js/join-uncorrupt.js' {
  function joinUncorrupt(parts: Array<string | Uint8Array>, options: object): Array<string | Uint8Array>
  export = joinUncorrupt
}
