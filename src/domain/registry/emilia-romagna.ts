import type { EntityDef, RegionRegistry } from './types.ts';

const region = 'emilia-romagna';

const d = (
  name: string,
  slug: string,
  sector: EntityDef['sector'],
  aliases: string[] = [],
  extra: Partial<EntityDef> = {},
): EntityDef => ({ name, slug, kind: 'distretto', sector, region, aliases, ...extra });

/**
 * Emilia-Romagna as tracked by the Monitor dei Distretti dell'Emilia-Romagna.
 * Membership bounds follow the published record: Meccatronica di Reggio Emilia
 * appears from the 2020 notes (the first being the 2019Q4 note); ceramic machinery (ACIMAC
 * data) is last seen for 2021, so the district count moves between 19 and 20.
 */
export const EMILIA_ROMAGNA: RegionRegistry = {
  region,
  label: 'Emilia-Romagna',
  // n. 49 = Q2 2020, n. 50 = Q3 2020, n. 52 = Q1 2021, n. 54 = Q3 2021 (shared publisher notes, "Timing")
  noteNumbering: { offset: 8033, source: 'n = 4·year + quarter − 8033, from notes n. 49, 50, 52 and 54' },
  entities: [
    // Poli tecnologici
    {
      name: 'Biomedicale di Mirandola',
      slug: 'biomedicale-mirandola',
      kind: 'polo',
      sector: 'Poli tecnologici',
      region,
      aliases: ['Biomedicale Mirandola', 'Polo biomedicale di Mirandola', 'Biomedicale di Mirandola (Modena)'],
    },
    {
      name: 'Biomedicale di Bologna',
      slug: 'biomedicale-bologna',
      kind: 'polo',
      sector: 'Poli tecnologici',
      region,
      aliases: ['Biomedicale Bologna', 'Polo biomedicale di Bologna'],
    },
    {
      name: 'ICT di Bologna e Modena',
      slug: 'ict-bologna-modena',
      kind: 'polo',
      sector: 'Poli tecnologici',
      region,
      aliases: ['ICT Bologna e Modena', 'ICT di Modena e Bologna', 'Polo ICT di Bologna e Modena'],
    },
    // Meccanica
    // From the 2019Q4 note (published in 2020): the 2019 regional total "17,5 miliardi" and the
    // 2020 total (16,17 mld, -1,4 mld, -8,0%) only agree if Meccatronica is already counted in 2019,
    // while the 2018 notes still say "of 19" (data/published/published_other_periods.csv).
    d('Meccatronica di Reggio Emilia', 'meccatronica-reggio-emilia', 'Meccanica', [], { memberFrom: '2019Q4' }),
    d("Macchine per l'imballaggio di Bologna", 'macchine-imballaggio-bologna', 'Meccanica', ['Macchine imballaggio di Bologna', 'Packaging di Bologna']),
    d('Food machinery di Parma', 'food-machinery-parma', 'Meccanica', ['Macchine alimentari di Parma']),
    d('Macchine agricole di Modena e Reggio Emilia', 'macchine-agricole-modena-reggio-emilia', 'Meccanica', [
      'Macchine agricole di Reggio Emilia e Modena',
    ]),
    d('Ciclomotori di Bologna', 'ciclomotori-bologna', 'Meccanica', ['Moto e ciclomotori di Bologna']),
    d('Macchine per il legno di Rimini', 'macchine-legno-rimini', 'Meccanica', ['Macchine legno di Rimini']),
    d('Macchine utensili di Piacenza', 'macchine-utensili-piacenza', 'Meccanica'),
    d(
      "Macchine per l'industria ceramica di Modena e Reggio Emilia",
      'macchine-ceramica-modena-reggio-emilia',
      'Meccanica',
      ["Macchine per l'industria ceramica di Reggio Emilia e Modena", 'Macchine per ceramica di Modena e Reggio Emilia'],
      { memberUntil: '2021Q4', dataSource: 'ACIMAC' },
    ),
    // Agro-alimentare
    d('Alimentare di Parma', 'alimentare-parma', 'Agro-alimentare'),
    d('Salumi di Parma', 'salumi-parma', 'Agro-alimentare'),
    d('Salumi del modenese', 'salumi-modenese', 'Agro-alimentare', ['Salumi di Modena']),
    d('Salumi di Reggio Emilia', 'salumi-reggio-emilia', 'Agro-alimentare'),
    d('Lattiero-caseario parmense', 'lattiero-caseario-parmense', 'Agro-alimentare', ['Lattiero-caseario di Parma']),
    d('Lattiero-caseario di Reggio Emilia', 'lattiero-caseario-reggio-emilia', 'Agro-alimentare', [
      'Lattiero-caseario di Modena e Reggio Emilia',
      'Lattiero-caseario reggiano',
    ]),
    d('Ortofrutta romagnola', 'ortofrutta-romagnola', 'Agro-alimentare'),
    // Sistema moda
    d('Maglieria e abbigliamento di Carpi', 'maglieria-abbigliamento-carpi', 'Sistema moda'),
    d('Abbigliamento di Rimini', 'abbigliamento-rimini', 'Sistema moda'),
    d('Calzature di San Mauro Pascoli', 'calzature-san-mauro-pascoli', 'Sistema moda'),
    // Sistema casa
    d('Piastrelle di Sassuolo', 'piastrelle-sassuolo', 'Sistema casa'),
    d('Mobili imbottiti di Forlì', 'mobili-imbottiti-forli', 'Sistema casa'),
    // Aggregates (rows of the tables: sector subtotals and totals)
    {
      name: 'Meccanica (distretti ER)',
      slug: 'er-meccanica',
      kind: 'aggregato',
      sector: 'Meccanica',
      region,
      aliases: ['Meccanica', 'Totale Meccanica', 'Distretti della meccanica'],
      aggregates: 'Meccanica',
    },
    {
      name: 'Agro-alimentare (distretti ER)',
      slug: 'er-agro-alimentare',
      kind: 'aggregato',
      sector: 'Agro-alimentare',
      region,
      aliases: ['Agro-alimentare', 'Agroalimentare', 'Totale Agro-alimentare', 'Distretti agro-alimentari'],
      aggregates: 'Agro-alimentare',
    },
    {
      name: 'Sistema moda (distretti ER)',
      slug: 'er-sistema-moda',
      kind: 'aggregato',
      sector: 'Sistema moda',
      region,
      aliases: ['Sistema moda', 'Totale Sistema moda', 'Moda'],
      aggregates: 'Sistema moda',
    },
    {
      name: 'Sistema casa (distretti ER)',
      slug: 'er-sistema-casa',
      kind: 'aggregato',
      sector: 'Sistema casa',
      region,
      aliases: ['Sistema casa', 'Totale Sistema casa', 'Casa'],
      aggregates: 'Sistema casa',
    },
    {
      name: 'Totale distretti Emilia-Romagna',
      slug: 'er-totale-distretti',
      kind: 'aggregato',
      sector: 'Totale',
      region,
      aliases: ['Totale distretti', 'Distretti Emilia-Romagna', "Totale distretti dell'Emilia-Romagna", 'Distretti tradizionali'],
      aggregates: 'distretti',
    },
    {
      name: 'Totale poli tecnologici Emilia-Romagna',
      slug: 'er-totale-poli',
      kind: 'aggregato',
      sector: 'Totale',
      region,
      aliases: ['Totale poli tecnologici', 'Poli tecnologici', "Totale poli tecnologici dell'Emilia-Romagna", 'Totale poli'],
      aggregates: 'poli',
    },
  ],
};
