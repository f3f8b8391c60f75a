// natural's deep modules (imported one by one: the package index loads database drivers and
// runs dotenv). The stop-word lists ship without type declarations.
declare module 'natural/lib/natural/util/stopwords.js' {
  const list: { words: string[] };
  export default list;
}
declare module 'natural/lib/natural/util/stopwords_zh.js' {
  const list: { words: string[] };
  export default list;
}
