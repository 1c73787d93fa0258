/** A theme of the controlled taxonomy with its labels in the exchange's three languages. */
export interface Theme {
  readonly slug: string;
  readonly labels: { readonly en: string; readonly fr: string; readonly es: string };
}

const t = (slug: string, en: string, fr: string, es: string): Theme => ({
  slug,
  labels: { en, fr, es },
});

/** The theme taxonomy, drawn from the topics RCPs named at the 2005 workshop. */
export const THEMES: readonly Theme[] = Object.freeze([
  t('labour-migration', 'Labour migration', 'Migration de main-d’œuvre', 'Migración laboral'),
  t('trafficking', 'Trafficking in persons', 'Traite des personnes', 'Trata de personas'),
  t(
    'smuggling',
    'Migrant smuggling',
    'Trafic illicite de migrants',
    'Tráfico ilícito de migrantes',
  ),
  t(
    'asylum',
    'Asylum and refugee protection',
    'Asile et protection des réfugiés',
    'Asilo y protección de refugiados',
  ),
  t('border-management', 'Border management', 'Gestion des frontières', 'Gestión de fronteras'),
  t('irregular-migration', 'Irregular migration', 'Migration irrégulière', 'Migración irregular'),
  t(
    'return-reintegration',
    'Return and reintegration',
    'Retour et réintégration',
    'Retorno y reintegración',
  ),
  t('integration', 'Integration', 'Intégration', 'Integración'),
  t(
    'development',
    'Migration and development',
    'Migration et développement',
    'Migración y desarrollo',
  ),
  t('health', 'Migration and health', 'Migration et santé', 'Migración y salud'),
  t(
    'human-rights',
    'Human rights of migrants',
    'Droits humains des migrants',
    'Derechos humanos de los migrantes',
  ),
  t('gender', 'Gender and migration', 'Genre et migration', 'Género y migración'),
  t('consular-protection', 'Consular protection', 'Protection consulaire', 'Protección consular'),
  t('regularization', 'Regularization', 'Régularisation', 'Regularización'),
  t('legislation', 'Migration legislation', 'Législation migratoire', 'Legislación migratoria'),
  t('data-statistics', 'Data and statistics', 'Données et statistiques', 'Datos y estadísticas'),
  t(
    'root-causes',
    'Root causes of migration',
    'Causes profondes des migrations',
    'Causas profundas de la migración',
  ),
  t('trade', 'Trade and migration', 'Commerce et migration', 'Comercio y migración'),
  t('remittances', 'Remittances', 'Envois de fonds', 'Remesas'),
  t(
    'capacity-building',
    'Capacity building',
    'Renforcement des capacités',
    'Fortalecimiento de capacidades',
  ),
  t(
    'information-campaigns',
    'Information campaigns',
    'Campagnes d’information',
    'Campañas de información',
  ),
  t('diaspora', 'Diaspora engagement', 'Mobilisation des diasporas', 'Vinculación con la diáspora'),
  t('displacement', 'Forced displacement', 'Déplacements forcés', 'Desplazamiento forzado'),
  t(
    'document-security',
    'Travel document security',
    'Sécurité des documents de voyage',
    'Seguridad de documentos de viaje',
  ),
]);

const bySlug = new Map(THEMES.map((theme) => [theme.slug, theme]));

/** The taxonomy entry for a slug, if it is one. */
export function findTheme(slug: string): Theme | undefined {
  return bySlug.get(slug);
}
