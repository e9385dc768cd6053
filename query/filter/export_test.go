package filter

// PrintableText exposes printableText to the package's external tests.
var PrintableText = printableText
