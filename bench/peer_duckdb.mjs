#!/usr/bin/env node
// peer_duckdb.mjs - the DuckDB peer of the timing run: bench/model.yaml
// evaluated in DuckDB SQL (@duckdb/node-api), as an analyst fluent in
// DuckDB would write it.
//
//     node bench/peer_duckdb.mjs --data CASES.csv [--summary S.json]
//
// The same evaluation as `thrive evaluate bench/model.yaml` and as
// bench/peer_pandas.py, whose transcription of the model it follows rule
// for rule (the manual: case-data.md, methods.md): cells taken as written
// ("" = missing); integer, number and date formats checked exactly, dates
// on the real calendar; min/max, enum values, whole-value patterns,
// required cells; ragged rows rejected (DuckDB's reader lists them in its
// rejects table, with their lines); duplicate ids rejected after the first
// accepted row; every test on a missing value false.  One parallel
// read_csv, every check and every expression a column expression, every
// count one aggregate, on all the cores DuckDB finds; the few figures that
// are formulas of counts (Wilson intervals, present values, the Student t
// and Wilcoxon statistics) are worked out here as the pandas peer does.
// The SHA-256 of the data is taken as thrive takes it.  It writes the JSON
// summary with thrive's keys (bench/compare.py compares them) and the
// capped Data quality list's size; no workbook (DuckDB writes xlsx only
// through an extension fetched from the internet).
//
// Installed by bench/common.sh (npm ci from bench/package-lock.json).
import { DuckDBInstance } from '@duckdb/node-api';
import { createHash } from 'node:crypto';
import { openSync, readSync, closeSync, writeFileSync } from 'node:fs';

// ---------------------------------------------------------------------------
// The logic model (bench/model.yaml), transcribed as in peer_pandas.py.

const MODEL_ID = 'bench-generic';
const ID_FIELD = 'case_id';
const DATE_FIELD = 'referral_date';
const REJECTIONS_MAX = 10000;
const INPUTS = [['key_workers', 'staff', 120 * 34000 * 3], ['managers', 'staff', 12 * 46000],
    ['flexible_fund', 'funding', 2500000], ['offices', 'premises', 400000]];
const ADJ = {deadweight: 0.2, displacement: 0.05, attribution: 0.1, optimism_bias: 0.15,
    discount_rate: 0.035};
const YN = ['yes', 'no'], EMP = ['employed', 'unemployed', 'inactive'];
const HOUSING = ['secure', 'at_risk', 'homeless'];
const F = (type, o = {}) => ({type, ...o});
const FIELDS = {
    case_id: F('text', {pattern: 'C[0-9]{7}', required: true}),
    referral_date: F('date', {required: true}),
    exit_date: F('date'),
    site: F('enum', {values: ['Ashford', 'Barnet', 'Croydon', 'Dudley', 'Enfield', 'Fylde',
        'Gateshead', 'Halton']}),
    referral_route: F('enum', {values: ['housing', 'social_care', 'education', 'health',
        'jobcentre_plus', 'self']}),
    household_type: F('enum', {values: ['lone_parent', 'couple', 'other']}),
    postcode: F('text', {pattern: '[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}'}),
    keyworker: F('text', {pattern: 'KW[0-9]{3}'}),
    age: F('integer', {min: 16, max: 80}),
    children: F('integer', {min: 0, max: 12}),
    youngest_child_age: F('integer', {min: 0, max: 18}),
    income_entry: F('number', {min: 0}),
    income_exit: F('number', {min: 0}),
    benefit_gain: F('number'),
    hours_support: F('number', {min: 0, max: 2000}),
    sessions: F('integer', {min: 0, max: 500}),
    attendance: F('number', {min: 0, max: 100}),
    employment_entry: F('enum', {values: EMP}),
    employment_exit: F('enum', {values: EMP}),
    job_entry_date: F('date'),
    training_start: F('enum', {values: YN}),
    debt_entry: F('enum', {values: YN}),
    debt_exit: F('enum', {values: YN}),
    housing_entry: F('enum', {values: HOUSING}),
    housing_exit: F('enum', {values: HOUSING}),
    action_plan: F('enum', {values: YN}),
    exit_reason: F('enum', {values: ['planned', 'unplanned', 'moved_away']}),
    gender: F('enum', {values: ['female', 'male', 'other']}),
    notes: F('text'),
    consent: F('enum', {values: YN, required: true}),
};
const AREAS = [['finances', 'finances_start', 'finances_review', false],
    ['parenting', 'parenting_start', 'parenting_review', false],
    ['wellbeing', 'wellbeing_start', 'wellbeing_review', false],
    ['conflict', 'conflict_start', 'conflict_review', true],
    ['housing', 'housing_start', 'housing_review', false]];
for (const [, b, r] of AREAS)
    FIELDS[b] = FIELDS[r] = F('integer', {min: 1, max: 10});
const BREAKDOWNS = ['site', 'household_type'];
const OUTPUTS = [['referred', 1000000], ['with_plan', 700000], ['intensive', null],
    ['training_starts', null], ['safeguarding_noted', null]];
const OUTCOMES = [ // id, target, value, duration, drop_off
    ['debt_managed', 0.5, 1500, 3, 0.25], ['into_work', 0.15, 7000, 2, 0.4],
    ['housing_secured', 0.4, 6500, 1, 0.0], ['income_raised', null, null, 1, 0.0],
    ['school_attendance', null, null, 1, 0.0]];

// The expressions, over the typed columns (a missing cell is NULL: every
// test on it is false, so each test is wrapped in T(); `not` negates).
const T = (sql) => `coalesce(${sql}, false)`;
const OUTPUT_SQL = {
    referred: 'true',
    with_plan: T(`action_plan = 'yes'`),
    intensive: `${T('sessions >= 12')} and ${T('hours_support > 40.5')}`,
    training_starts: `${T(`training_start = 'yes'`)} and not ${T(`employment_entry = 'employed'`)}`,
    safeguarding_noted: T(`regexp_matches(notes, 'safeguard|violence', 'i')`),
};
const OUTCOME_SQL = {
    debt_managed: [`${T(`debt_entry = 'yes'`)} and exit_date is not null`,
        T(`debt_exit = 'no'`)],
    into_work: [T(`employment_entry in ('unemployed', 'inactive')`),
        `${T(`employment_exit = 'employed'`)} or (job_entry_date is not null and ` +
        `${T(`job_entry_date <= DATE '2012-03-31'`)})`],
    housing_secured: [T(`housing_entry <> 'secure'`),
        `${T(`housing_exit = 'secure'`)} and not ${T(`exit_reason = 'unplanned'`)}`],
    income_raised: [`${T('income_entry < 15000')} and exit_date is not null`,
        `${T('benefit_gain > 500')} or ${T('income_exit >= 15000')}`],
    school_attendance: [`${T('children > 0')} and ${T('youngest_child_age >= 5')} and ` +
        T('youngest_child_age <= 16'),
    `${T('attendance >= 90.0')} or (${T('attendance > 85')} and not (exit_reason is null))`],
};

// ---------------------------------------------------------------------------
// Statistics, as peer_pandas.py (Wilson; Student t; Wilcoxon signed rank).

const Z95 = 1.959963984540054;
const ratio = (a, b) => (b ? a / b : null);

function wilson(a, n, z = Z95) {
    if (n <= 0)
        return [null, null];
    const z2 = z * z, centre = (a + z2 / 2) / (n + z2);
    const half = z * Math.sqrt(a * (n - a) / n + z2 / 4) / (n + z2);
    const lo = centre - half, hi = centre + half;
    return [a === 0 || lo < 0 ? 0 : lo, a === n || hi > 1 ? 1 : hi];
}

function lgamma(x) { // Lanczos (g = 7, n = 9): enough for the t quantile's bisection
    const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028,
        771.32342877765313, -176.61502916214059, 12.507343278686905,
        -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
    if (x < 0.5)
        return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
    x -= 1;
    let a = c[0];
    const t = x + 7.5;
    for (let i = 1; i < 9; i++)
        a += c[i] / (x + i);
    return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

function betacf(a, b, x) {
    const tiny = 1e-300, qab = a + b, qap = a + 1, qam = a - 1;
    let c = 1, d = 1 - qab * x / qap;
    d = 1 / (Math.abs(d) > tiny ? d : tiny);
    let h = d;
    for (let m = 1; m < 100000; m++) {
        const m2 = 2 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1 + aa * d; d = 1 / (Math.abs(d) > tiny ? d : tiny);
        c = 1 + aa / c; c = Math.abs(c) > tiny ? c : tiny;
        h *= d * c;
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1 + aa * d; d = 1 / (Math.abs(d) > tiny ? d : tiny);
        c = 1 + aa / c; c = Math.abs(c) > tiny ? c : tiny;
        const delta = d * c;
        h *= delta;
        if (Math.abs(delta - 1) < 1e-16)
            break;
    }
    return h;
}

function incBeta(a, b, x) {
    if (x <= 0)
        return 0;
    if (x >= 1)
        return 1;
    const lb = lgamma(a + b) - lgamma(a) - lgamma(b) + a * Math.log(x) + b * Math.log1p(-x);
    if (x < (a + 1) / (a + b + 2))
        return Math.exp(lb) * betacf(a, b, x) / a;
    return 1 - Math.exp(lb) * betacf(b, a, 1 - x) / b;
}

function tQuantile975(df) {
    const z = Z95;
    if (df > 1000) {
        const g1 = (z ** 3 + z) / 4, g2 = (5 * z ** 5 + 16 * z ** 3 + 3 * z) / 96;
        const g3 = (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / 384;
        const g4 = (79 * z ** 9 + 776 * z ** 7 + 1482 * z ** 5 - 1920 * z ** 3 - 945 * z) / 92160;
        return z + g1 / df + g2 / df ** 2 + g3 / df ** 3 + g4 / df ** 4;
    }
    let lo = 0, hi = 1000;
    for (let i = 0; i < 200; i++) {
        const mid = (lo + hi) / 2;
        const upper = 0.5 * incBeta(df / 2, 0.5, df / (df + mid * mid));
        [lo, hi] = upper > 0.025 ? [mid, hi] : [lo, mid];
    }
    return (lo + hi) / 2;
}

function erfc(x) { // W. J. Cody's rational approximations, as in C libraries (|error| < 1e-16)
    const z = Math.abs(x);
    if (z < 0.5) {
        const t = z * z;
        const p = [3.16112374387056560e00, 1.13864154151050156e02, 3.77485237685302021e02,
            3.20937758913846947e03, 1.85777706184603153e-1];
        const q = [2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03,
            2.84423683343917062e03];
        let num = p[4] * t, den = t;
        for (let i = 0; i < 3; i++) {
            num = (num + p[i]) * t;
            den = (den + q[i]) * t;
        }
        const erf = z * (num + p[3]) / (den + q[3]);
        return x >= 0 ? 1 - erf : 1 + erf;
    }
    let r;
    if (z < 4) {
        const p = [5.64188496988670089e-1, 8.88314979438837594e00, 6.61191906371416295e01,
            2.98635138197400131e02, 8.81952221241769090e02, 1.71204761263407058e03,
            2.05107837782607147e03, 1.23033935479799725e03, 2.15311535474403846e-8];
        const q = [1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02,
            1.62138957456669019e03, 3.29079923573345963e03, 4.36261909014324716e03,
            3.43936767414372164e03, 1.23033935480374942e03];
        let num = p[8] * z, den = z;
        for (let i = 0; i < 7; i++) {
            num = (num + p[i]) * z;
            den = (den + q[i]) * z;
        }
        r = (num + p[7]) / (den + q[7]);
    } else {
        const p = [3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1,
            1.60837851487422766e-2, 6.58749161529837803e-4, 1.63153871373020978e-2];
        const q = [2.56852019228982242e00, 1.87295284992346725e00, 5.27905102951428412e-1,
            6.05183413124413191e-2, 2.33520497626869185e-3];
        const t = 1 / (z * z);
        let num = p[5] * t, den = t;
        for (let i = 0; i < 4; i++) {
            num = (num + p[i]) * t;
            den = (den + q[i]) * t;
        }
        r = (1 / Math.sqrt(Math.PI) - t * (num + p[4]) / (den + q[4])) / z;
    }
    const zz = Math.trunc(z * 16) / 16, del = (z - zz) * (z + zz);
    r *= Math.exp(-zz * zz) * Math.exp(-del);
    return x >= 0 ? r : 2 - r;
}

// The distance figures of one area from its differences' summary: N,
// SUM, SUMSQ-based sd from DuckDB, and the counts of each |d| (for the
// Wilcoxon ranks) with how many of them were positive.
function paired(n, mean, sd, improved, same, worse, byAbs) {
    const out = {n, mean: null, sd: null, ci: [null, null], dz: null, improved: null,
        same: null, worse: null, p: null};
    if (n === 0)
        return out;
    Object.assign(out, {mean, improved: improved / n, same: same / n, worse: worse / n});
    let below = 0, wPlus = 0, m = 0, ties = 0;
    for (const [abs, count, pos] of byAbs) { // ascending |d| > 0
        const rank = below + (count + 1) / 2;
        wPlus += pos * rank;
        below += count;
        m += count;
        ties += (count * count - 1) * count;
        void abs;
    }
    if (m) {
        const mu = m * (m + 1) / 4, v = m * (m + 1) * (2 * m + 1) / 24 - ties / 48;
        const dist = Math.max(Math.abs(wPlus - mu) - 0.5, 0);
        out.p = Math.min(1, erfc(dist / Math.sqrt(v) / Math.SQRT2));
    }
    if (n < 2)
        return out;
    out.sd = sd;
    if (sd === 0) {
        out.ci = [mean, mean];
        return out;
    }
    const half = tQuantile975(n - 1) * sd / Math.sqrt(n);
    Object.assign(out, {ci: [mean - half, mean + half], dz: mean / sd});
    return out;
}

// ---------------------------------------------------------------------------
// Reading and checking, in SQL.

const INT_RE = '[+-]?[0-9]+';
const NUM_RE = '[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?';
const q = (s) => `'${s.replace(/'/g, "''")}'`;
const id = (s) => `"${s}"`;

// Per field: its typed value (NULL when missing or bad) and the reason its
// cell is rejected, if it is (the first, as the Data quality list shows).
function fieldSql(name, fd) {
    const s = `nullif(${id(name)}, '')`;
    let value, bad;
    switch (fd.type) {
    case 'integer':
        bad = `case when not regexp_full_match(${s}, ${q(INT_RE)}) then 'not an integer' end`;
        value = `try_cast(${s} as double)`;
        break;
    case 'number':
        bad = `case when length(${s}) > 64 or not regexp_full_match(${s}, ${q(NUM_RE)}) ` +
            `then 'not a number' end`;
        value = `try_cast(${s} as double)`;
        break;
    case 'date': {
        const d = `coalesce(case when regexp_full_match(${s}, '[0-9]{4}-[0-9]{2}-[0-9]{2}') ` +
            `then try_strptime(${s}, '%Y-%m-%d') end, case when regexp_full_match(${s}, ` +
            `'[0-9]{2}/[0-9]{2}/[0-9]{4}') then try_strptime(${s}, '%d/%m/%Y') end)::date`;
        value = d;
        bad = `case when ${d} is null then 'not a date (YYYY-MM-DD or DD/MM/YYYY, a real ` +
            `calendar date)' end`;
        break;
    }
    case 'enum':
        value = s;
        bad = `case when ${s} not in (${fd.values.map(q).join(', ')}) then ` +
            `'not one of the allowed values' end`;
        break;
    default:
        value = s;
        bad = fd.pattern ? `case when not regexp_full_match(${s}, ${q(fd.pattern)}) then ` +
            `'does not match the field''s pattern' end` : 'null';
    }
    const num = fd.type === 'date' ? `epoch(${value}) / 86400` : value;
    const range = [];
    if (fd.min !== undefined)
        range.push(`when ${num} < ${fd.min} then 'below the minimum'`);
    if (fd.max !== undefined)
        range.push(`when ${num} > ${fd.max} then 'above the maximum'`);
    const reason = `case when ${s} is null then ${fd.required ? q('missing (the field is required)')
        : 'null'} when (${bad}) is not null then ${bad} ${range.join(' ')} end`;
    return {raw: value, reason};
}

async function evaluate(con, path) {
    const header = readHeader(path);
    const declared = Object.keys(FIELDS).filter((f) => header.includes(f));
    const columns = `{${header.map((h) => `${q(h)}: 'VARCHAR'`).join(', ')}}`;
    const sqls = Object.fromEntries(declared.map((f) => [f, fieldSql(f, FIELDS[f])]));
    const why = (f) => id('why_' + f);
    const anyBad = declared.map((f) => `${why(f)} is not null`).join(' or ') || 'false';
    const faults = declared.map((f) => `{'field': ${q(f)}, 'reason': ${why(f)}}`).join(', ');
    // One parallel read into a table in the file's order (DuckDB keeps the
    // order of a plain read: rowid is the record's place; ragged records
    // go to its rejects table with their lines), then checked in parallel:
    // each cell's reason and typed value, and the row's faults if any.  (A
    // checked projection straight from the read loses the order, and the
    // first of two rows with one id is the one kept.)
    await run(con, `create temp table raw as select ${declared.map(id).join(', ')}
        from read_csv(${q(path)}, header = true, auto_detect = false, columns = ${columns},
        delim = ',', quote = '"', escape = '"', ignore_errors = true, store_rejects = true)`);
    await run(con, `create temp table checked as select rn,
        ${declared.map((f) => `case when ${why(f)} is null then ${id('v_' + f)} end as ` +
            id(f)).join(', ')}, (${anyBad}) as bad,
        case when ${anyBad} then list_filter([${faults}], x -> x.reason is not null) end as faults
        from (select rowid + 1 as rn, ${declared.map((f) => `${sqls[f].reason} as ${why(f)}, ` +
            `${sqls[f].raw} as ${id('v_' + f)}`).join(', ')} from raw)`);
    await run(con, 'drop table raw');
    // Duplicate ids among the rows that pass every check: the first kept.
    await run(con, `create temp table firsts as select ${id(ID_FIELD)} as id, min(rn) as first
        from checked where not bad and ${id(ID_FIELD)} is not null group by all
        having count(*) > 1`);
    await run(con, `create temp view acc as select c.* from checked c left join firsts d
        on c.${id(ID_FIELD)} = d.id where not c.bad and (d.first is null or c.rn = d.first)`);
    const ragged = await all(con, `select line from reject_errors where error_type in
        ('MISSING COLUMNS', 'TOO MANY COLUMNS') group by line order by line`);
    const [{n_rows, n_bad}] = await all(con, `select count(*) as n_rows,
        count(*) filter (bad) as n_bad from checked`);
    return {header, declared, ragged: ragged.map((r) => Number(r.line)),
        rowsRead: Number(n_rows) + ragged.length, nBad: Number(n_bad)};
}

// The Data quality list: each fault of the first rejected rows, capped;
// a row's line is its place among the records (the bench's data have no
// record over two lines) shifted past the ragged ones before it.
async function dataQuality(con, read) {
    const faults = await all(con, `select * from (select rn, unnest(faults, recursive
        := true) from checked where bad union all select c.rn, ${q(ID_FIELD)},
        'duplicate id: an earlier row with the same id was accepted' from checked c join firsts d
        on c.${id(ID_FIELD)} = d.id where not c.bad and c.rn > d.first)
        order by rn limit ${REJECTIONS_MAX}`);
    let k = 0;
    const list = faults.map((f) => {
        const line = Number(f.rn) + 1; /* the header is line 1 */
        while (k < read.ragged.length && read.ragged[k] <= line + k)
            k++;
        return {line: line + k, field: f.field, reason: f.reason};
    });
    for (const line of read.ragged)
        list.push({line, field: '', reason: 'ragged row'});
    list.sort((a, b) => a.line - b.line);
    return list.slice(0, REJECTIONS_MAX);
}

// Every count in one pass over the accepted rows (grouping sets: the
// whole, each breakdown, the quarters), and every area's figures in one
// more (the differences lie in -9..9: their counts by size, for the
// Wilcoxon ranks, are aggregates too).
async function figures(con) {
    const outs = OUTPUTS.map(([o]) => `count(*) filter (${OUTPUT_SQL[o]}) as ${id('o_' + o)}`);
    const ocs = OUTCOMES.flatMap(([o]) => [
        `count(*) filter (${OUTCOME_SQL[o][0]}) as ${id('e_' + o)}`,
        `count(*) filter ((${OUTCOME_SQL[o][0]}) and (${OUTCOME_SQL[o][1]})) as ${id('a_' + o)}`]);
    const d = id(DATE_FIELD);
    const quarter = `case when ${d} is null then -1 else (year(${d}) - (month(${d}) < 4)::int)
        * 10 + case when month(${d}) >= 4 then (month(${d}) - 4) // 3 + 1 else 4 end end`;
    const keys = [...BREAKDOWNS.map((f) => `coalesce(${id(f)}, '(missing)')`), quarter];
    const names = [...BREAKDOWNS, 'quarter'];
    const rows = await all(con, `select ${keys.map((k, i) => `${k} as ${id('k_' + names[i])}`)
        .join(', ')}, ${names.map((n) => `grouping(${id('k_' + n)}) as ${id('g_' + n)}`).join(', ')},
        count(*) as participants, ${[...outs, ...ocs].join(', ')} from acc group by grouping sets
        ((), ${names.map((n) => `(${id('k_' + n)})`).join(', ')})`);
    const grouped = (n) => rows.filter((r) => names.every((m) => Number(r['g_' + m]) === (m === n ? 0 : 1)));
    const total = rows.find((r) => names.every((m) => Number(r['g_' + m]) === 1));
    const byField = {};
    for (const f of BREAKDOWNS)
        byField[f] = grouped(f).map((r) => ({...r, k: r['k_' + f]}));
    const quarters = grouped('quarter').map((r) => ({...r, k: r.k_quarter}));
    // The areas' scores lie on a 1..10 scale: the count of each (baseline,
    // review) pair, in one pass, gives every figure of every area.
    const pairs = await all(con, `select a, b, r, count(*) as c from (select unnest([${AREAS.map(
        ([aid, b, r]) => `{'a': ${q(aid)}, 'b': ${id(b)}, 'r': ${id(r)}}`).join(', ')}],
        recursive := true) from acc) where b is not null group by all`);
    const areas = AREAS.map(([aid, , , lower]) => {
        let n = 0, nmr = 0, sb = 0, sr = 0, sd1 = 0, sd2 = 0, up = 0, same = 0, down = 0;
        const abs = new Map();
        for (const p of pairs.filter((x) => x.a === aid)) {
            const c = Number(p.c);
            if (p.r === null) {
                nmr += c;
                continue;
            }
            const d = lower ? p.b - p.r : p.r - p.b;
            n += c, sb += p.b * c, sr += p.r * c, sd1 += d * c, sd2 += d * d * c;
            if (d > 0)
                up += c;
            else if (d < 0)
                down += c;
            else
                same += c;
            if (d !== 0) {
                const e = abs.get(Math.abs(d)) || [Math.abs(d), 0, 0];
                e[1] += c;
                e[2] += d > 0 ? c : 0;
                abs.set(e[0], e);
            }
        }
        const mean = n ? sd1 / n : null;
        const sd = n > 1 ? Math.sqrt(Math.max(0, (sd2 - sd1 * sd1 / n) / (n - 1))) : null;
        const byAbs = [...abs.values()].sort((x, y) => x[0] - y[0]);
        const st = paired(n, mean, sd, up, same, down, byAbs);
        return {id: aid, n, n_missing_review: nmr, mean_baseline: n ? sb / n : null,
            mean_review: n ? sr / n : null, mean_change: st.mean, sd_change: st.sd, ci95: st.ci,
            effect_size_dz: st.dz, pct_improved: st.improved, pct_same: st.same,
            pct_worse: st.worse, wilcoxon_p: st.p};
    });
    return {total, byField, quarters, areas};
}

// The counts of one row of an aggregate, in the summary's shape.
function groupFigures(row) {
    return {participants: Number(row.participants),
        outputs: Object.fromEntries(OUTPUTS.map(([o]) => [o, {count: Number(row['o_' + o])}])),
        outcomes: Object.fromEntries(OUTCOMES.map(([o]) => [o, {eligible: Number(row['e_' + o]),
            achieved: Number(row['a_' + o])}]))};
}

function summary(path, sha, read, fig) {
    const t = groupFigures(fig.total), N = t.participants;
    const cost = INPUTS.reduce((s, [, , c]) => s + c, 0);
    const byKind = {};
    for (const [, kind, c] of INPUTS)
        byKind[kind] = (byKind[kind] || 0) + c;
    const adjusted = cost * (1 + ADJ.optimism_bias);
    const keep = (1 - ADJ.deadweight) * (1 - ADJ.displacement) * (1 - ADJ.attribution);
    const outputs = OUTPUTS.map(([oid, target]) => {
        const count = t.outputs[oid].count;
        return {id: oid, count, target, pct_of_target: target ? ratio(count, target) : null,
            cost_per_output: ratio(cost, count)};
    });
    let pvTotal = 0;
    const outcomes = OUTCOMES.map(([oid, target, value, duration, dropOff]) => {
        const {eligible: E, achieved: A} = t.outcomes[oid];
        const net = A * keep;
        let pv = null;
        if (value !== null) {
            pv = 0;
            for (let y = 1; y <= duration; y++)
                pv += net * value * (1 - dropOff) ** (y - 1) / (1 + ADJ.discount_rate) ** y;
            pvTotal += pv;
        }
        return {id: oid, eligible: E, achieved: A, rate: ratio(A, E), rate_ci95: wilson(A, E),
            target, net, cost_per_outcome: ratio(cost, A),
            cost_per_net_outcome: A ? ratio(cost, net) : null, present_value: pv};
    });
    const breakdowns = {};
    for (const f of BREAKDOWNS)
        breakdowns[f] = Object.fromEntries(fig.byField[f].map((g) => [g.k, groupFigures(g)]));
    const quarters = fig.quarters.map((g) => [Number(g.k), groupFigures(g)])
        .sort((a, b) => (a[0] < 0) - (b[0] < 0) || a[0] - b[0])
        .map(([k, g]) => ({quarter: k >= 0 ? `${Math.floor(k / 10)}-` +
            `${String((Math.floor(k / 10) + 1) % 100).padStart(2, '0')} Q${k % 10}` : '(missing)',
        ...g}));
    return {model: {id: MODEL_ID, pilot: 'generic'},
        data: {file: path, sha256: sha, rows_read: read.rowsRead, rows_accepted: N,
            rows_rejected: read.rowsRead - N},
        participants: N,
        costs: {total: cost, adjusted, by_kind: byKind, per_participant: ratio(cost, N)},
        outputs, outcomes,
        value_for_money: {present_value: pvTotal, npv: pvTotal - adjusted,
            sroi_ratio: ratio(pvTotal, adjusted)},
        distance_travelled: fig.areas, breakdowns, quarters};
}

// ---------------------------------------------------------------------------

// With PEER_PROFILE=1 in the environment, each statement's time on stderr.
async function timed(sql, what) {
    const t0 = Date.now();
    const r = await what();
    if (process.env.PEER_PROFILE)
        console.error(`peer_duckdb: ${Date.now() - t0} ms  ${sql.slice(0, 50).replace(/\s+/g, ' ')}`);
    return r;
}

async function run(con, sql) {
    await timed(sql, () => con.run(sql));
}

async function all(con, sql) {
    return timed(sql, async () => (await con.runAndReadAll(sql)).getRowObjectsJS());
}

function readHeader(path) {
    const fd = openSync(path, 'r'), buf = Buffer.alloc(65536);
    const n = readSync(fd, buf, 0, buf.length, 0);
    closeSync(fd);
    let text = buf.subarray(0, n).toString('utf8');
    if (text.charCodeAt(0) === 0xfeff)
        text = text.slice(1);
    return text.split(/\r?\n|\r/)[0].split(',');
}

function sha256(path) {
    const hash = createHash('sha256'), fd = openSync(path, 'r'), buf = Buffer.alloc(1 << 22);
    for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0;)
        hash.update(buf.subarray(0, n));
    closeSync(fd);
    return hash.digest('hex');
}

async function main() {
    const args = process.argv.slice(2), opt = {};
    for (let i = 0; i < args.length; i++)
        if (args[i] === '--data' || args[i] === '--summary')
            opt[args[i].slice(2)] = args[++i];
    if (!opt.data) {
        console.error('usage: node bench/peer_duckdb.mjs --data CASES.csv [--summary S.json]');
        process.exit(2);
    }
    const con = await (await DuckDBInstance.create(':memory:')).connect();
    const [sha, read] = await Promise.all([Promise.resolve().then(() => sha256(opt.data)),
        evaluate(con, opt.data)]);
    const dq = await dataQuality(con, read);
    const res = summary(opt.data, sha, read, await figures(con));
    if (opt.summary)
        writeFileSync(opt.summary, JSON.stringify(res, null, 2));
    console.error(`peer_duckdb: ${opt.data}: ${res.data.rows_read} rows read, ` +
        `${res.data.rows_accepted} accepted, ${res.data.rows_rejected} rejected ` +
        `(${dq.length} faults listed)`);
}

await main();
