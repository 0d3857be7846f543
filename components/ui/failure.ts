// What a page that failed tells its reader: Next.js keeps the error's detail in
// the server's log and hands the browser only its digest, which is the reference.
export function failureSentence(error: { digest?: string }): string {
  return error.digest
    ? `Something went wrong on the server (reference ${error.digest})`
    : 'Something went wrong in this page: reload it to try again';
}
