/** Score-based black-box attacks (Square): they use logits only, never gradients. */
package org.robustj.attack.blackbox;
