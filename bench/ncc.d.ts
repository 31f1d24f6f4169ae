/** The part of @vercel/ncc's API the cold-start bench uses (the package ships no types). */
declare module '@vercel/ncc' {
  export default function ncc(
    entry: string,
    options: { quiet?: boolean; minify?: boolean; esm?: boolean; cache?: boolean; sourceMap?: boolean },
  ): Promise<{ code: string; assets: Record<string, { source: string | Buffer }> }>;
}
