/**
 * Loaded before any test file: nock must patch node:http before @actions/http-client first uses
 * it, or interception depends on which test file happens to load first.
 */
import 'nock';
