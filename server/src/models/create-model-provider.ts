// Builds the configured ModelProvider once; every call still goes through the logged caller.
import type { ExternalCaller } from '#src/features/external-calls/external-caller';
import { createAnthropicProvider } from './anthropic-provider';
import type { ModelProvider } from './model-provider';
import type { PilotModelConfig } from './model-settings';
import { createOfflineProvider } from './offline/offline-provider';
import { createOpenAiCompatibleProvider } from './openai-compatible-provider';

export const createModelProvider = (config: PilotModelConfig, deps: { caller: ExternalCaller }): ModelProvider => {
  switch (config.provider) {
    case 'anthropic':
      return createAnthropicProvider({ apiKey: config.apiKey, baseUrl: config.baseUrl, models: config.models }, deps);
    case 'openai_compatible':
      return createOpenAiCompatibleProvider({ baseUrl: config.baseUrl, apiKey: config.apiKey, models: config.models }, deps);
    case 'offline':
      return createOfflineProvider();
  }
};
