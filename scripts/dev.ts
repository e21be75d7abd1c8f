import { spawn } from 'node:child_process';

/**
 * `npm run dev`: the API restarting on change (tsx watch) and the dashboard with hot reload (Vite,
 * proxying /api to the API). One Ctrl-C stops both.
 */
const processes = [
  spawn('npx', ['tsx', 'watch', 'src/server.ts'], { stdio: 'inherit' }),
  spawn('npx', ['vite', '--config', 'web/vite.config.ts'], { stdio: 'inherit' }),
];
const stopAll = () => processes.forEach((child) => child.kill('SIGTERM'));
for (const child of processes) child.on('exit', stopAll);
process.on('SIGINT', stopAll);
process.on('SIGTERM', stopAll);
