// The article a new installation starts with, written for this project so that
// it stands alone. It is fiction: the town, the people and the figures are invented.
export const SAMPLE_ARTICLE_MARKDOWN = `# Harbour Town says its new bike lanes halved rush-hour traffic

Harbour Town's mayor, Elena Brask, told a packed council meeting on Tuesday that the protected bike lanes opened last spring have **cut rush-hour car traffic in half** and made the town "the safest place to cycle in the country".

The council's own traffic counts, published in its [annual mobility report](https://example.org/harbour-town/mobility-report), show a smaller change. Cars counted on the main bridge between 7 and 9 a.m. fell from 4,100 a day in March last year to 3,350 a day in March this year, a drop of about 18 percent.

Brask also said that cycling trips had tripled. The report counts 610 bicycles a day on the bridge this March, against 240 a year earlier.

> "Every shop on Quay Street has seen more customers since the lanes opened," said Tomas Lind, who chairs the local traders' association.

The traders' association did not say how many of its members had been asked. Two shop owners on Quay Street told this newspaper that their takings were flat.

Critics of the scheme made claims of their own:

- Councillor Ray Moss said the lanes had "doubled journey times for ambulances".
- A petition against the lanes says it has been signed by more than 5,000 residents, in a town of about 12,000 people.
- An anonymous post shared widely online claims that the lanes cost €40 million.

The council's budget papers put the cost of the scheme at €3.2 million, of which €2 million came from a national grant.
`;

/** A few annotations that show what a finished check looks like. */
export const SAMPLE_ANNOTATIONS = [
  {
    exact: 'cut rush-hour car traffic in half',
    verdict: 'false',
    rationale:
      'The council’s own counts show morning car traffic on the main bridge fell by about 18 percent (4,100 to 3,350 cars a day), not by half.',
    evidence: [{ url: 'https://example.org/harbour-town/mobility-report', title: 'Harbour Town annual mobility report' }],
  },
  {
    exact: 'cycling trips had tripled',
    verdict: 'mostly-true',
    rationale: 'Bicycles counted on the bridge rose from 240 to 610 a day, about 2.5 times as many: close to, but short of, triple.',
    evidence: [{ url: 'https://example.org/harbour-town/mobility-report', title: 'Harbour Town annual mobility report' }],
  },
  {
    exact: 'the lanes cost €40 million',
    verdict: 'false',
    rationale: 'The council’s budget papers give the cost as €3.2 million.',
    evidence: [{ url: 'https://example.org/harbour-town/budget', title: 'Harbour Town council budget papers' }],
  },
] as const;

export const SAMPLE_REVIEWER = 'Sample reviewer';
