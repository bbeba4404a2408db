// Imported first by start.ts: restify's use of process.binding('http_parser') prints a DEP0111
// warning that means nothing to someone trying the demo.
process.noDeprecation = true;
