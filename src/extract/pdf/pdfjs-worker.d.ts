// pdfjs-dist ships no types for its worker module: the one export ./pdfjs-port.ts uses.
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs' {
  /** pdf.js's parser side; `initializeFromPort` is how its real worker starts on a port. */
  export const WorkerMessageHandler: { initializeFromPort(port: object): void };
}
