// WEB_CPU_PROFILE=<dir>: the process records a V8 CPU profile from start to shutdown and writes it
// to <dir>/<role>-<pid>.cpuprofile (open it in Chrome DevTools or speedscope). How the request costs
// in the README's exam-day figures were found; NODE_OPTIONS cannot carry --cpu-prof, so it is here.
import fs from 'node:fs';
import path from 'node:path';
import { Session } from 'node:inspector/promises';

export async function startCpuProfile(dir: string | undefined, role: string): Promise<(() => Promise<void>) | null> {
  if (!dir) return null;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 }); // µs
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${role}-${process.pid}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  };
}
