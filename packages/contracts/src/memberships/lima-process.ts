import type { RegistryMembership } from './registry-entry.ts';

// South American Conference on Migration (SACM / Lima Process): the 12 South American states.
// Guyana and Suriname were invited at the first conference (Buenos Aires, 2000).
export const LIMA_PROCESS: RegistryMembership = {
  participant: 'lima-process',
  members: ['AR', 'BO', 'BR', 'CL', 'CO', 'EC', 'GY', 'PY', 'PE', 'SR', 'UY', 'VE'],
  observers: [],
  asOf: '2016-11',
  source: {
    name: 'IOM, "South American Conference on Migration Gets Underway in Paraguay" (16th SACM) and IOM InnovaMigración — SACM',
    url: 'https://innovamigracion.iom.int/en/comunicacion/caja-de-herramientas/marcos/csm',
  },
  note: 'Read: both pages name the twelve participating countries; observers there are organisations, not states.',
};
