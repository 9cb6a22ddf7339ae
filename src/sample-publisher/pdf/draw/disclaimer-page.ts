import { FONT } from '../fonts.ts';
import { COLOR, PAGE } from './geometry.ts';
import { paragraph, putText, type TextStyle } from './text.ts';

type Doc = PDFKit.PDFDocument;

/** Closing page text. Written for the sample publisher: it says plainly the data are modelled. */
export const DISCLAIMER_PARAGRAPHS: readonly string[] = [
  'Il presente documento è una replica di esempio, generata automaticamente dal sample publisher del progetto ' +
    '"distretti" a fini di sviluppo e di test. Non è una pubblicazione di Intesa Sanpaolo né di altri soggetti.',
  'I valori riportati sono in parte modellati: ricostruiscono l\'andamento delle esportazioni dei distretti a ' +
    'partire dalle poche cifre pubblicate, con trend, stagionalità, la caduta del 2020 e la successiva ripresa. ' +
    'Le cifre modellate non descrivono fatti reali e non devono essere citate né usate per decisioni di alcun tipo.',
  'Struttura, titoli e formati delle tabelle imitano quelli di una nota di ricerca trimestrale, incluse le ' +
    'variazioni di impaginazione nel corso degli anni, perché il software che legge queste note deve saperle ' +
    'riconoscere e deve rifiutare i documenti la cui struttura è cambiata.',
  'Il documento non costituisce offerta, sollecitazione o raccomandazione. Chi lo riceve è tenuto a verificarne ' +
    'il contenuto con le fonti originali prima di ogni utilizzo.',
];

/** Method notes printed before the disclaimer, as the notes close with a methodology box. */
export const METHOD_PARAGRAPHS: readonly string[] = [
  'I distretti industriali sono individuati come combinazioni di province e di specializzazioni produttive ' +
    '(classificazione ATECO 2007); le esportazioni sono espresse in milioni di euro a prezzi correnti. I poli ' +
    'tecnologici raggruppano le specializzazioni ad alta tecnologia (biomedicale, ICT) del territorio.',
  'Le variazioni tendenziali confrontano ciascun periodo con lo stesso periodo dell\'anno precedente; nelle note ' +
    'del 2020-2022 è riportato anche il confronto con il 2019. I dati dei trimestri più recenti sono provvisori e ' +
    'vengono rivisti nelle note successive: i valori dell\'anno precedente possono quindi differire da quelli ' +
    'pubblicati in precedenza.',
  'Il distretto delle macchine per l\'industria ceramica è misurato su dati dell\'associazione di categoria ' +
    '(ACIMAC) e non sui dati di commercio estero dell\'ISTAT.',
];

/** Last page: "Nota metodologica", then "Avvertenza generale" and the paragraphs above. */
export function drawDisclaimerPage(doc: Doc, top: number): void {
  const style: TextStyle = { font: FONT.sans, size: 8, color: COLOR.text };
  const heading: TextStyle = { font: FONT.sansBold, size: 12, color: COLOR.brand };
  const width = PAGE.right - PAGE.left;
  putText(doc, 'Nota metodologica', PAGE.left, top + 4, heading);
  let y = top + 30;
  for (const p of METHOD_PARAGRAPHS) y = paragraph(doc, p, PAGE.left, y, width, style, 11.5) + 8;
  y += 16;
  putText(doc, 'Avvertenza generale', PAGE.left, y, heading);
  y += 26;
  for (const p of DISCLAIMER_PARAGRAPHS) y = paragraph(doc, p, PAGE.left, y, width, style, 11.5) + 8;
}
