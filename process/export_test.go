package process

// Encode is encode, for the fuzz tests of package process_test.
var Encode = encode
