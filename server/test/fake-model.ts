// The pilot configured against the fake Messages API (real @anthropic-ai/sdk): one model for
// every service unless a test names another, tools off unless asked for.
import { MODEL_SERVICES, type ModelService } from '#src/models/model-provider';
import type { PilotModelConfig } from '#src/models/model-settings';

export const fakeAnthropicPilot = (
  baseUrl: string,
  models: Partial<Record<ModelService, string>> = {},
  options: { tools?: boolean } = {},
): PilotModelConfig => ({
  provider: 'anthropic',
  apiKey: 'sk-test',
  baseUrl,
  models: { ...(Object.fromEntries(MODEL_SERVICES.map((s) => [s, 'claude-sonnet-4-6'])) as Record<ModelService, string>), ...models },
  tools: { conversation: Boolean(options.tools), scriptGenerator: false, factSynthesis: false, notes: false, templateExtraction: false },
});
