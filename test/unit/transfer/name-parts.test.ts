import { describe, expect, it } from 'vitest';
import { joinPersonName, splitPersonName } from '../../../src/main/domain/transfer/formats';

describe("a person's name split for vCard's N", () => {
  it('Chinese names: family name first, compound surnames kept whole', () => {
    expect(splitPersonName('张三')).toEqual({ family: '张', given: '三' });
    expect(splitPersonName('李雪天')).toEqual({ family: '李', given: '雪天' });
    expect(splitPersonName('欧阳娜娜')).toEqual({ family: '欧阳', given: '娜娜' });
    expect(splitPersonName('司马光')).toEqual({ family: '司马', given: '光' });
    // Two characters are one surname and one given name, even when they could start a compound.
    expect(splitPersonName('司马')).toEqual({ family: '司', given: '马' });
    expect(splitPersonName('王')).toEqual({ family: '王', given: '' });
  });

  it('names written with spaces: family name last; one word stays the given name', () => {
    expect(splitPersonName('Anna Smith')).toEqual({ family: 'Smith', given: 'Anna' });
    expect(splitPersonName(' Mary Ann  de Vries ')).toEqual({ family: 'Vries', given: 'Mary Ann de' });
    expect(splitPersonName('Madonna')).toEqual({ family: '', given: 'Madonna' });
    expect(splitPersonName('   ')).toEqual({ family: '', given: '' });
  });

  it('a name read from N is put back together by the same convention', () => {
    for (const name of ['张三', '欧阳娜娜', 'Anna Smith', 'Mary Ann de Vries', 'Madonna', '王'])
      expect(joinPersonName(splitPersonName(name))).toBe(name);
    expect(joinPersonName({ family: '李', given: '四' })).toBe('李四');
    expect(joinPersonName({ family: 'Smith', given: '' })).toBe('Smith');
  });
});
