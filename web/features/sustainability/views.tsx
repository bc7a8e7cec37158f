/** @module The Sustainability Dashboard: the DJ's energy, CO₂ and trees, their forest, and the community's. */
import { PageHeader } from "../../ui/components.tsx";
import { type CarbonFootprint, CLIMATE_DATA } from "./footprint.ts";
import type { CommunityImpact } from "./service.ts";
import { sustainabilityStyles } from "./styles.ts";

/** Beyond this many icons the forest says how many more, so a big forest stays a readable page. */
const MAX_ICONS = 200;

function Icons({ count, icon, label }: { count: number; icon: string; label: string }) {
  const shown = Math.min(count, MAX_ICONS);
  return (
    <p class="forest" role="img" aria-label={label}>
      {icon.repeat(shown)}
      {count > shown ? <span class="muted">+{count - shown} more</span> : null}
    </p>
  );
}

const number = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 1 });

export function SustainabilityPage(
  { footprint, community }: { footprint: CarbonFootprint; community: CommunityImpact },
) {
  const policy = CLIMATE_DATA.treePolicy;
  const factor = footprint.gridFactor;
  const balance = footprint.co2AbsorbedKgPerYear - footprint.co2Kg;
  return (
    <div>
      <sustainabilityStyles.Link />
      <PageHeader
        title="Sustainability Dashboard"
        intro="Track your environmental impact and see how MIXERA helps offset CO₂ emissions through tree planting."
      />
      <div class="sustainability-grid">
        <section class="panel" aria-labelledby="energy-used">
          <h2 id="energy-used">Energy Used</h2>
          <p class="muted">By your MIXERA devices</p>
          <p class="sustainability-figure">
            <strong data-testid="energy-used">{number(footprint.kwh)} kWh</strong>
            <span data-testid="co2-produced">≈ {number(footprint.co2Kg)} kg CO₂ produced</span>
          </p>
          <p class="muted">
            Grid factor {factor.kgCo2PerKwh} kg CO₂/kWh ({factor.region} {factor.year}; {factor.source}).
          </p>
        </section>
        <section class="panel" aria-labelledby="trees-planted">
          <h2 id="trees-planted">Trees Planted</h2>
          <p class="muted">For your account</p>
          <p class="sustainability-figure">
            <strong data-testid="trees-planted">
              {footprint.trees} {footprint.trees === 1 ? "tree" : "trees"}
            </strong>
            <span data-testid="co2-absorbed">
              ≈ {number(footprint.co2AbsorbedKgPerYear)} kg CO₂ absorbed/year
            </span>
          </p>
        </section>
        <section class="panel" aria-labelledby="next-tree">
          <h2 id="next-tree">Progress to Next Tree</h2>
          <progress
            class="sustainability-progress"
            max={100}
            value={footprint.nextTreePercent}
            aria-labelledby="next-tree"
          >
            {footprint.nextTreePercent} %
          </progress>
          <p data-testid="next-tree">
            Use {number(footprint.kwhToNextTree)} more kWh to plant another tree! 🌱
          </p>
        </section>
        <section class="panel" aria-labelledby="co2-balance">
          <h2 id="co2-balance">Your CO₂ Balance</h2>
          <p data-testid="co2-balance">
            {number(footprint.co2AbsorbedKgPerYear)} kg absorbed per year − {number(footprint.co2Kg)}{" "}
            kg produced = <strong>{balance >= 0 ? "+" : ""}{number(balance)} kg</strong>
          </p>
          {balance < 0 ? <p>Plant more trees to offset your carbon footprint!</p> : null}
        </section>
        <section class="panel sustainability-wide" aria-labelledby="your-forest">
          <h2 id="your-forest">Your Forest</h2>
          <p class="panel-intro">
            Each tree represents a real tree planted through our partnership with {policy.partner} 🌍
          </p>
          {footprint.trees
            ? <Icons count={footprint.trees} icon="🌳" label={`${footprint.trees} trees`} />
            : <p class="muted">Your first tree is planted at {policy.kwhPerTree} kWh.</p>}
        </section>
        <section class="panel sustainability-wide" aria-labelledby="community-impact">
          <h2 id="community-impact">MIXERA Community Impact</h2>
          <p class="panel-intro">Together we're making a difference</p>
          <div class="sustainability-figures">
            <div class="sustainability-figure">
              <strong data-testid="community-trees">{number(community.trees)}</strong>
              <span>Trees planted</span>
            </div>
            <div class="sustainability-figure">
              <strong data-testid="community-forests">{number(community.forests)}</strong>
              <span>Forests created</span>
            </div>
            <div class="sustainability-figure">
              <strong data-testid="community-co2">{number(community.co2AbsorbedKgPerYear)}</strong>
              <span>kg CO₂ absorbed/year</span>
            </div>
          </div>
          <h3>Community Forest Preview</h3>
          <p class="muted">Each 🌲 represents {policy.treesPerForest} trees (1 forest)</p>
          {community.forests
            ? <Icons count={community.forests} icon="🌲" label={`${community.forests} forests`} />
            : <p class="muted">The first forest grows at {policy.treesPerForest} trees.</p>}
        </section>
        <section class="panel sustainability-wide" aria-labelledby="for-the-planet">
          <h2 id="for-the-planet">What MIXERA Does for the Planet</h2>
          <h3>How it works</h3>
          <p>
            For every {policy.kwhPerTree}{" "}
            kWh used by your MIXERA devices, we plant a tree through our partnership with{" "}
            {policy.partner}. Each tree absorbs approximately {policy.kgCo2AbsorbedPerTreePerYear}{" "}
            kg of CO₂ per year, helping to offset your environmental impact.
          </p>
        </section>
      </div>
    </div>
  );
}
