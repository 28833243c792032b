import type { PersonCard } from '../../shared/contract/index.js';

/** The photo is how staff know a person without asking their name again. */
export function Photo({ person, size, decorative = false }: { person: PersonCard; size: 'small' | 'large'; decorative?: boolean }) {
  const alt = decorative ? '' : `Photo of ${person.preferredName} ${person.initial}`;
  if (!person.photo) {
    return (
      <span className={`photo photo-${size} photo-missing`} role={decorative ? undefined : 'img'} aria-label={decorative ? undefined : alt} aria-hidden={decorative || undefined}>
        {person.preferredName.slice(0, 1)}
      </span>
    );
  }
  return <img className={`photo photo-${size}`} src={person.photo} alt={alt} />;
}
