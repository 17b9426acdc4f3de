/**
 * The version.Info the simulated API server reports: `GET /version` through serve and the
 * serverVersion of `kube-sim version` give the same one (a v1.32.0 build; the cluster's version
 * decides gitVersion, major and minor). Keys in Go's field order, as `version -o json` prints them.
 */
const BUILD = { gitCommit: '70d3cc986aa8221cd1dfb1121852688902d3bf53', gitTreeState: 'clean', buildDate: '2024-12-17T20:14:23Z', goVersion: 'go1.23.4', compiler: 'gc', platform: 'linux/amd64' };

/** version.Info of a server at `gitVersion` (`v1.32.0`). */
export function serverVersionInfo(gitVersion: string): Record<string, string> {
  const [major = '', minor = ''] = gitVersion.replace(/^v/, '').split('.');
  const { gitCommit, gitTreeState, buildDate, goVersion, compiler, platform } = BUILD;
  return { major, minor, gitVersion, gitCommit, gitTreeState, buildDate, goVersion, compiler, platform };
}
