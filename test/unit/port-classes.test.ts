/**
 * The pattern class of a kernel (port/classes.ts), which the port-coverage run counts by:
 * one fixture kernel per class, each classified with the sign the docs name.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { Engine, type Target } from '../../server/src/engine';
import { FileFacts } from '../../server/src/engine/model/facts';
import { kernelClass } from '../../server/src/engine/port/classes';
import { kernelNode } from '../../server/src/engine/port/recognize';

const B3: Target = { soc: 'Ascend910B3', cann: '8.x' };
let engine: Engine;
before(async () => {
  engine = await Engine.create();
});
after(() => engine.dispose());

test('each fixture kernel gets its class', () => {
  const doc = engine.open(fs.readFileSync(path.resolve(__dirname, '../fixtures/classes/classes.cu'), 'utf8'));
  try {
    const facts = FileFacts.of(doc);
    const got = Object.fromEntries(
      facts
        .functions()
        .filter((f) => f.kind === 'global')
        .map((f) => [f.name, kernelClass(facts, doc.text, f, kernelNode(facts, f), B3)]),
    );
    const classes = Object.fromEntries(Object.entries(got).map(([k, v]) => [k, v.cls]));
    assert.deepEqual(classes, {
      saxpy: 'elementwise',
      bias_add: 'broadcast',
      block_sum: 'reduction',
      atomic_total: 'reduction',
      softmax_rows: 'row-wise',
      matmul_naive: 'gemm',
      warp_scan: 'scan',
      gather_rows: 'gather-scatter',
      pad_zero: 'layout',
      blur3: 'stencil',
      odd_even_sort_step: 'other',
      global_norm_squares: 'reduction',
      bias_add_local: 'broadcast',
      sgd_pars: 'broadcast',
      apply_norm: 'broadcast',
      rms_rows_tile: 'row-wise',
      l2_norm_rows: 'row-wise',
      sample_texture: 'other',
      squares_per_block: 'reduction',
      row_totals: 'row-wise',
      any_positive: 'other',
      say_hello: 'other',
      nothing: 'other',
      batch_pointers: 'other',
      row_means: 'row-wise',
      spin_kernel: 'other',
      doubling_sum: 'reduction',
      make_buffer: 'other',
      merge_step: 'other',
      embed_lookup: 'gather-scatter',
      keep_positive: 'gather-scatter',
      row_max: 'row-wise',
      block_sum_inline: 'reduction',
    });
    assert.equal(got.make_buffer!.sign, '`new`/`delete` on the device heap');
    assert.equal(got.merge_step!.sign, '`Comparator` (a compare-and-swap: a sorting network)');
    assert.equal(got.embed_lookup!.sign, 'an index loaded from memory (`tok`)');
    assert.equal(got.keep_positive!.sign, 'a store at a position an atomic hands out (stream compaction)');
    assert.match(got.row_max!.sign, /recognised by the rows schedule|one result per row \(`dst\[row\]`\)/);
    assert.equal(got.any_positive!.sign, '`__any_sync` (a warp vote)');
    assert.equal(got.say_hello!.sign, 'no pointer parameters: no tensor is computed (printf, asserts or device globals)');
    assert.equal(got.nothing!.sign, 'an empty kernel');
    assert.equal(got.batch_pointers!.sign, 'fills the pointer table `table`');
    assert.equal(got.squares_per_block!.sign, 'a group reduce');
    assert.equal(got.row_totals!.sign, 'a block that reduces along one row or group with a block reduction helper');
    assert.equal(got.sample_texture!.sign, 'the texture parameter `tex`');
    assert.equal(got.l2_norm_rows!.sign, 'the name `l2_norm_rows` and a loop over a row');
    // A row-wise name alone does not make a kernel row-wise: it must walk a row.
    assert.match(got.softmax_rows!.sign, /recognised by the rows schedule|and a loop over a row/);
    assert.equal(got.rms_rows_tile!.sign, 'recognised by the rows schedule');
    assert.equal(got.row_means!.sign, 'recognised by the rows schedule');
    assert.equal(got.spin_kernel!.sign, '`clock64` in its helper `spin_until`');
    assert.equal(got.doubling_sum!.sign, 'a shared-memory tree');
    assert.match(got.block_sum!.sign, /shared-memory tree/);
    assert.match(got.atomic_total!.sign, /atomics into one address/);
    assert.equal(got.bias_add_local!.sign, 'an operand indexed by `c`, a local `i % C` or `i / C`');
    assert.equal(got.sgd_pars!.sign, '`pars[0]`, a scalar read from GM at a constant index');
  } finally {
    doc.dispose();
  }
});
