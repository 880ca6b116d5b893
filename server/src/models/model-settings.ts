// P0.4: which provider answers, the model of each service, and the tool-use flags — all from
// configuration, never from call sites. No key and no local server: the offline playbooks.
import type { ModelService } from './model-provider';

export type PilotModelConfig =
  | { provider: 'offline'; models: Record<ModelService, string>; tools: ToolFlags }
  | { provider: 'anthropic'; apiKey: string; baseUrl: string; models: Record<ModelService, string>; tools: ToolFlags }
  | { provider: 'openai_compatible'; baseUrl: string; apiKey: string | null; models: Record<ModelService, string>; tools: ToolFlags };

/** Per-service tool use (MCP): the main conversation and the script generator on, the others off. */
export type ToolFlags = { conversation: boolean; scriptGenerator: boolean; factSynthesis: false; notes: false; templateExtraction: false };

const ANTHROPIC_DEFAULTS: Record<ModelService, string> = {
  conversation: 'claude-sonnet-5-5',
  fact_synthesis: 'claude-haiku-5-5',
  resolution_note: 'claude-sonnet-5-5',
  escalation_package: 'claude-sonnet-5-5',
  template_extraction: 'claude-sonnet-5-5',
};

type Env = {
  FLIGHTDECK_PILOT_PROVIDER?: 'offline' | 'anthropic' | 'openai_compatible';
  ANTHROPIC_API_KEY?: string;
  ANTHROPIC_BASE_URL: string;
  FLIGHTDECK_OPENAI_BASE_URL?: string;
  FLIGHTDECK_OPENAI_API_KEY?: string;
  FLIGHTDECK_MODEL_CONVERSATION?: string;
  FLIGHTDECK_MODEL_FACT_SYNTHESIS?: string;
  FLIGHTDECK_MODEL_RESOLUTION_NOTE?: string;
  FLIGHTDECK_MODEL_ESCALATION_PACKAGE?: string;
  FLIGHTDECK_MODEL_TEMPLATE_EXTRACTION?: string;
  FLIGHTDECK_TOOLS_CONVERSATION: boolean;
  FLIGHTDECK_TOOLS_SCRIPT_GENERATOR: boolean;
};

export const pilotModelConfig = (e: Env): PilotModelConfig => {
  const provider =
    e.FLIGHTDECK_PILOT_PROVIDER ?? (e.ANTHROPIC_API_KEY ? 'anthropic' : e.FLIGHTDECK_OPENAI_BASE_URL ? 'openai_compatible' : 'offline');
  const fallback = provider === 'anthropic' ? ANTHROPIC_DEFAULTS : null;
  const model = (service: ModelService, value: string | undefined) =>
    value ?? fallback?.[service] ?? e.FLIGHTDECK_MODEL_CONVERSATION ?? 'local-model';
  const models: Record<ModelService, string> = {
    conversation: model('conversation', e.FLIGHTDECK_MODEL_CONVERSATION),
    fact_synthesis: model('fact_synthesis', e.FLIGHTDECK_MODEL_FACT_SYNTHESIS),
    resolution_note: model('resolution_note', e.FLIGHTDECK_MODEL_RESOLUTION_NOTE),
    escalation_package: model('escalation_package', e.FLIGHTDECK_MODEL_ESCALATION_PACKAGE),
    template_extraction: model('template_extraction', e.FLIGHTDECK_MODEL_TEMPLATE_EXTRACTION),
  };
  const tools: ToolFlags = {
    conversation: e.FLIGHTDECK_TOOLS_CONVERSATION,
    scriptGenerator: e.FLIGHTDECK_TOOLS_SCRIPT_GENERATOR,
    factSynthesis: false,
    notes: false,
    templateExtraction: false,
  };
  if (provider === 'anthropic') {
    if (!e.ANTHROPIC_API_KEY) {
      throw new Error('FLIGHTDECK_PILOT_PROVIDER=anthropic needs ANTHROPIC_API_KEY');
    }
    return { provider, apiKey: e.ANTHROPIC_API_KEY, baseUrl: e.ANTHROPIC_BASE_URL, models, tools };
  }
  if (provider === 'openai_compatible') {
    if (!e.FLIGHTDECK_OPENAI_BASE_URL) {
      throw new Error('FLIGHTDECK_PILOT_PROVIDER=openai_compatible needs FLIGHTDECK_OPENAI_BASE_URL (with /v1)');
    }
    return { provider, baseUrl: e.FLIGHTDECK_OPENAI_BASE_URL, apiKey: e.FLIGHTDECK_OPENAI_API_KEY ?? null, models, tools };
  }
  return { provider: 'offline', models, tools };
};

export const OFFLINE_PILOT_CONFIG: PilotModelConfig = pilotModelConfig({
  ANTHROPIC_BASE_URL: 'https://api.anthropic.com',
  FLIGHTDECK_PILOT_PROVIDER: 'offline',
  FLIGHTDECK_TOOLS_CONVERSATION: true,
  FLIGHTDECK_TOOLS_SCRIPT_GENERATOR: true,
});
