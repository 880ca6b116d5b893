// Starts both PSA simulators; used by `npm start` (in-process), `npm run sandbox`, tests and benches.
import { startAutotaskSandbox } from './autotask/autotask-sandbox';
import { startConnectWiseSandbox } from './connectwise/connectwise-sandbox';

export type SandboxesOptions = { autotaskPort?: number; connectwisePort?: number; host?: string };

export const startSandboxes = async (options: SandboxesOptions = {}) => {
  const autotask = await startAutotaskSandbox({ port: options.autotaskPort, host: options.host });
  const connectwise = await startConnectWiseSandbox({ port: options.connectwisePort, host: options.host }).catch(async (error) => {
    await autotask.close();
    throw error;
  });
  return {
    autotask,
    connectwise,
    close: async () => {
      await Promise.all([autotask.close(), connectwise.close()]);
    },
  };
};

export type Sandboxes = Awaited<ReturnType<typeof startSandboxes>>;
export { AUTOTASK_SANDBOX_CREDENTIALS } from './autotask/store';
export { CONNECTWISE_SANDBOX_CREDENTIALS } from './connectwise/store';
