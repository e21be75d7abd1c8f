import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** Where `npm run dev` sends `/api` calls: a locally running Zenicall server by default. */
const apiTarget = process.env.ZENICALL_API_URL ?? 'http://127.0.0.1:8000';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    port: Number(process.env.ZENICALL_WEB_PORT ?? 5173),
    proxy: {
      // The event stream must not be buffered by the proxy; Vite's http-proxy streams it as is.
      '/api': { target: apiTarget, changeOrigin: true },
    },
  },
});
