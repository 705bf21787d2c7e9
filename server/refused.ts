/**
 * A command refused as it was given (a setting, a name, a database or a backup that will not
 * do), with nothing changed: said to the installer as it is. The CLI exits with 2 on one of
 * these (and on a 4xx Problem or a mistyped option), with 1 only when something failed while
 * it ran (a database that cannot be reached, a disk error): a script can tell "fix the
 * command" from "try again".
 */
export class Refused extends Error {}
